import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CanonicalInvoice } from '@app/domain';
import type { InvoiceExceptionSummary } from '@app/contracts';

/** An invoice's header as the API shows it (amounts and dates as text). */
export interface InvoiceDetailRow {
  id: string;
  integration_id: string;
  source: string;
  format: string;
  status: string;
  document_kind: string;
  invoice_number: string;
  issue_date: string | null;
  due_date: string | null;
  currency: string | null;
  seller_name: string | null;
  seller_vat_id: string | null;
  seller_country: string | null;
  buyer_vat_id: string | null;
  buyer_country: string | null;
  supplier_id: string | null;
  purchase_order_reference: string | null;
  payable: string | null;
  canonical: CanonicalInvoice | null;
  duplicate_of: string | null;
  validation_runs: number;
  received_at: Date;
  validated_at: Date | null;
  finalized_at: Date | null;
  attempts: number;
  last_error: string | null;
}

export interface InvoicePageRow {
  id: string;
  status: string;
  format: string;
  invoice_number: string;
  seller_name: string | null;
  seller_vat_id: string | null;
  buyer_country: string | null;
  currency: string | null;
  payable: string | null;
  received_at: Date;
  /** received_at as microsecond UTC text, for the next page's cursor. */
  cursor_t: string;
}

export interface InvoicePageFilter {
  /** Null: every integration's invoices (staff). */
  integrationId: string | null;
  status: string | null;
  country: string | null;
  supplierId: string | null;
  /** The last row of the previous page (received_at text and id), or null for the first page. */
  after: { t: string; id: string } | null;
  limit: number;
}

/** One of an invoice's exceptions, as the invoice's detail lists it. */
export interface InvoiceExceptionRow extends Omit<InvoiceExceptionSummary, 'slaDueAt' | 'createdAt' | 'resolvedAt'> {
  slaDueAt: Date | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

/** What a validation run starts from, read with the invoice locked. */
export interface ValidationStartRow {
  status: string;
  validation_runs: number;
  attempts: number;
  last_error: string | null;
  canonical_json: string;
  format: 'json' | 'ubl' | 'cii';
  /** The document as received; not read while `syntax_findings` stands for it. */
  raw_document: string | null;
  /**
   * The syntax-binding findings intake stored (JSON text), only while no run has finished: they stand for
   * the document, which is then not read from the table (a big one is megabytes). Null otherwise, and the
   * run reads `raw_document`.
   */
  syntax_findings: string | null;
  buyer_country: string | null;
  /** The header fields the supplier pack reads (JSON nulls where the invoice has none). */
  header: Record<string, unknown>;
}

/**
 * The SQL of the `invoices` header: its reads for the API (one invoice, pages, the original PDF) and its
 * life cycle in the worker (validation attempts, verdict, reconciliation, revalidation). Writing an
 * invoice's content (intake, correction) is InvoiceStoreRepository's.
 */
@Injectable()
export class InvoicesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** One invoice, of the integration only unless integrationId is null (staff); null when not found. */
  async detail(id: string, integrationId: string | null): Promise<InvoiceDetailRow | null> {
    const [inv] = await this.ds.query(
      `SELECT id, integration_id, source, format, status, document_kind, invoice_number, issue_date::text AS issue_date, due_date::text AS due_date, currency,
              seller_name, seller_vat_id, seller_country, buyer_vat_id, buyer_country, supplier_id, purchase_order_reference,
              payable::text AS payable, canonical, duplicate_of, validation_runs, received_at, validated_at, finalized_at, attempts, last_error
       FROM invoices WHERE id = $1 AND ($2::uuid IS NULL OR integration_id = $2)`,
      [id, integrationId],
    );
    return inv ?? null;
  }

  /** A page of invoices, newest first (received_at, id), after the cursor; `limit` rows at most. */
  page(f: InvoicePageFilter): Promise<InvoicePageRow[]> {
    return this.ds.query(
      `SELECT id, status, format, invoice_number, seller_name, seller_vat_id, buyer_country, currency, payable::text AS payable, received_at,
              to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_t
       FROM invoices
       WHERE ($1::uuid IS NULL OR integration_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR buyer_country = $3)
         AND ($4::uuid IS NULL OR supplier_id = $4)
         AND ($5::timestamptz IS NULL OR (received_at, id) < ($5::timestamptz, $6::uuid))
       ORDER BY received_at DESC, id DESC LIMIT $7`,
      [f.integrationId, f.status, f.country, f.supplierId, f.after?.t ?? null, f.after?.id ?? null, f.limit],
    );
  }

  /** The PDF a Factur-X / ZUGFeRD invoice was posted as (scoped like `detail`); null when it came as XML or JSON. */
  async original(
    id: string,
    integrationId: string | null,
  ): Promise<{ content_type: string; attachment_name: string; content: Buffer } | null> {
    const [row] = await this.ds.query(
      `SELECT o.content_type, o.attachment_name, o.content FROM invoice_originals o JOIN invoices i ON i.id = o.invoice_id
       WHERE o.invoice_id = $1 AND ($2::uuid IS NULL OR i.integration_id = $2)`,
      [id, integrationId],
    );
    return row ?? null;
  }

  /** The invoice's exceptions, oldest first. */
  exceptionsOf(invoiceId: string): Promise<InvoiceExceptionRow[]> {
    return this.ds.query(
      `SELECT id, queue_key AS "queueKey", route_key AS "routeKey", status, assignee_id AS "assigneeId", decision, sla_due_at AS "slaDueAt", created_at AS "createdAt", resolved_at AS "resolvedAt"
       FROM exceptions WHERE invoice_id = $1 ORDER BY created_at`,
      [invoiceId],
    );
  }

  /** The language and country master data gives an invoice's supplier; null when unknown. */
  async supplierLanguageOf(supplierId: string): Promise<{ language: string | null; country_code: string } | null> {
    const [supplier] = await this.ds.query(`SELECT language, country_code FROM suppliers WHERE id = $1`, [supplierId]);
    return supplier ?? null;
  }

  async exists(em: EntityManager, id: string): Promise<boolean> {
    const [exists] = await em.query(`SELECT 1 FROM invoices WHERE id = $1`, [id]);
    return !!exists;
  }

  /**
   * Locks invoices (in id order, one statement) for the start of a validation run: what the run starts
   * from, by id; an invoice that does not exist is absent. The document is stored out of line, and
   * PostgreSQL fetches an out-of-line value again for every reference to it: the text and the six header
   * fields read it once, from the in-memory copy the lateral makes (`|| '{}'` on the object is the same
   * document), instead of seven times.
   */
  async lockForValidation(em: EntityManager, ids: string[]): Promise<Map<string, ValidationStartRow>> {
    const rows: (ValidationStartRow & { id: string })[] = await em.query(
      `SELECT i.id, i.status, i.validation_runs, i.attempts, i.last_error, d.c::text AS canonical_json, i.format, i.buyer_country,
                CASE WHEN i.validation_runs = 0 AND i.syntax_findings IS NOT NULL THEN NULL ELSE i.raw_document END AS raw_document,
                CASE WHEN i.validation_runs = 0 THEN i.syntax_findings::text END AS syntax_findings,
                jsonb_build_object('seller', jsonb_build_object('vatId', d.c->'seller'->'vatId'), 'invoiceNumber', d.c->'invoiceNumber',
                  'issueDate', d.c->'issueDate', 'currency', d.c->'currency', 'totals', jsonb_build_object('payable', d.c->'totals'->'payable'),
                  'purchaseOrderReference', d.c->'purchaseOrderReference') AS header
         FROM invoices i CROSS JOIN LATERAL (SELECT i.canonical || '{}'::jsonb AS c OFFSET 0) d
         WHERE i.id = ANY($1::uuid[]) ORDER BY i.id FOR UPDATE OF i`,
      [ids],
    );
    return new Map(rows.map(({ id, ...row }) => [id, row]));
  }

  /** validating, with the attempt counted and the instant before which reconciliation leaves it alone (one statement for all). */
  async markValidating(
    em: EntityManager,
    rows: { id: string; attempts: number; retryDelaySeconds: number }[],
  ): Promise<void> {
    if (!rows.length) return;
    await em.query(
      `UPDATE invoices i SET status = 'validating', attempts = u.attempts, next_attempt_at = now() + make_interval(secs => u.delay), updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS u(id, attempts, delay) WHERE i.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => r.attempts), rows.map((r) => r.retryDelaySeconds)],
    );
  }

  /** The error of a failed attempt, kept while the invoice is still validating. */
  async recordLastError(id: string, error: string): Promise<void> {
    await this.ds.query(`UPDATE invoices SET last_error = $2 WHERE id = $1 AND status = 'validating'`, [id, error]);
  }

  /** Locks the invoice; its status and number of finished runs, or null when it does not exist. */
  async lockRunState(em: EntityManager, id: string): Promise<{ status: string; validation_runs: number } | null> {
    return (await this.lockRunStates(em, [id])).get(id) ?? null;
  }

  /** Locks invoices in id order (one statement); their status and number of finished runs, by id. */
  async lockRunStates(
    em: EntityManager,
    ids: string[],
  ): Promise<Map<string, { status: string; validation_runs: number }>> {
    const rows: { id: string; status: string; validation_runs: number }[] = await em.query(
      `SELECT id, status, validation_runs FROM invoices WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map(({ id, ...r }) => [id, r]));
  }

  /** The verdicts of runs: each invoice's new status and run, attempts reset, finalized when ready (one statement). */
  async markManyValidated(em: EntityManager, rows: { id: string; status: string; run: number }[]): Promise<void> {
    if (!rows.length) return;
    await em.query(
      `UPDATE invoices i SET status = u.status, validation_runs = u.run, validated_at = now(), updated_at = now(), attempts = 0, next_attempt_at = NULL,
                      last_error = NULL, finalized_at = CASE WHEN u.status = 'ready' THEN now() ELSE i.finalized_at END
         FROM unnest($1::uuid[], $2::text[], $3::int[]) AS u(id, status, run) WHERE i.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => r.status), rows.map((r) => r.run)],
    );
  }

  async setStatus(em: EntityManager, id: string, status: string): Promise<void> {
    await em.query(`UPDATE invoices SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
  }

  /**
   * Invoices without a verdict (received or validating) untouched for `staleSeconds` and past their
   * back-off, least recently updated first, at most 5000.
   */
  stuck(staleSeconds: number): Promise<{ id: string; validation_runs: number }[]> {
    return this.ds.query(
      `SELECT id, validation_runs FROM invoices WHERE status IN ('received','validating') AND updated_at < now() - make_interval(secs => $1)
         AND (next_attempt_at IS NULL OR next_attempt_at <= now()) ORDER BY updated_at LIMIT 5000`,
      [staleSeconds],
    );
  }

  /** Ids of the invoices in one of `statuses` (of a buyer country, received in [from, to) when given), oldest first. */
  async idsMatching(
    f: { statuses: string[]; country: string | null; receivedFrom: string | null; receivedTo: string | null },
    limit: number,
  ): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM invoices WHERE status = ANY($1::text[]) AND ($2::text IS NULL OR buyer_country = $2)
         AND ($3::timestamptz IS NULL OR received_at >= $3) AND ($4::timestamptz IS NULL OR received_at < $4)
       ORDER BY received_at, id LIMIT $5`,
      [f.statuses, f.country, f.receivedFrom, f.receivedTo, limit],
    );
    return rows.map((r) => r.id);
  }
}
