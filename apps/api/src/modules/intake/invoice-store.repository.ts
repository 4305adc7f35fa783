import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { invoiceNumberKeySql } from '@app/persistence';

/**
 * One statement writes every accepted invoice with its audit event (no outbox record: a received invoice is
 * itself the record of the validation it is owed, see IntakeService.dispatchQuietly); $1 is the JSON array of
 * invoice rows (ids chosen by the caller). The lines and VAT breakdown are the canonical JSON's (views
 * `invoice_lines`, `invoice_vat_breakdown`, migration InvoiceLinesFromDocument).
 */
const INSERT_ACCEPTED = `WITH src AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, format text, status text, document_kind text, invoice_number text, type_code text,
           issue_date date, due_date date, currency text, seller_name text, seller_vat_id text, seller_country text, buyer_vat_id text,
           buyer_country text, purchase_order_reference text, tax_exclusive numeric, tax_total numeric, payable numeric, canonical jsonb,
           raw_document text, raw_content_type text, duplicate_of uuid, audit_reason text, audit_data jsonb, syntax_findings jsonb)
       ), inv AS (
         INSERT INTO invoices (id, integration_id, source, format, status, document_kind, invoice_number, type_code, issue_date, due_date,
           currency, seller_name, seller_vat_id, seller_country, buyer_vat_id, buyer_country, supplier_id, purchase_order_reference,
           tax_exclusive, tax_total, payable, canonical, raw_document, raw_content_type, duplicate_of, syntax_findings)
         SELECT x.id, $2, $3, x.format, x.status, x.document_kind, x.invoice_number, x.type_code, x.issue_date, x.due_date,
           x.currency, x.seller_name, x.seller_vat_id, x.seller_country, x.buyer_vat_id, x.buyer_country,
           (SELECT s.id FROM suppliers s WHERE s.vat_id = x.seller_vat_id), x.purchase_order_reference,
           x.tax_exclusive, x.tax_total, x.payable, x.canonical, x.raw_document, x.raw_content_type, x.duplicate_of, x.syntax_findings
         FROM src x
         RETURNING id, received_at
       ), audit AS (
         INSERT INTO audit_events (aggregate_type, aggregate_id, action, from_state, to_state, actor_type, actor_id, reason, data)
         SELECT 'invoice', x.id, CASE WHEN x.status = 'duplicate' THEN 'received_duplicate' ELSE 'received' END, NULL, x.status,
           'integration', $2::text, x.audit_reason, x.audit_data
         FROM src x
       )
       SELECT id, received_at FROM inv`;

/** The searchable header columns of a corrected invoice, already in storable form (null when not storable). */
export interface CorrectedHeader {
  canonicalJson: string;
  /** Null keeps the stored number. */
  invoiceNumber: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string | null;
  sellerName: string | null;
  sellerVatId: string | null;
  buyerVatId: string | null;
  purchaseOrderReference: string | null;
  taxExclusive: string | null;
  taxTotal: string | null;
  payable: string | null;
}

/**
 * The SQL that writes invoices with their originals and, on intake, audit events, always
 * in the caller's transaction. Intake's statements are set-based: three statements per call whatever the
 * number of invoices.
 */
@Injectable()
export class InvoiceStoreRepository {
  /** Transaction-scoped advisory locks on the keys, taken in hash order so that concurrent callers cannot deadlock. */
  async lockKeys(em: EntityManager, keys: string[]): Promise<void> {
    await em.query(
      `SELECT count(pg_advisory_xact_lock(h))::int AS locked FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) s`,
      [keys],
    );
  }

  /**
   * For each seller VAT id + invoice number (pairwise arrays), the first invoice the integration sent
   * with them that is not itself a duplicate; pairs it never sent are absent.
   *
   * The statement is driven by seller and number alone (invoices_seller_number_key_idx, the seller and the
   * number without case and whitespace, which the exact number implies: a handful of rows per pair, whoever
   * sent them) and the integration is checked on the rows found. With the integration in the
   * condition, an integration that had sent thousands since the last ANALYZE looked tiny to the planner,
   * which then walked its whole list of invoices for every batch (the `invoices_integration_list_idx` plan,
   * 30-54 ms a batch in a 50,000-invoice bench, growing with them).
   */
  async firstBySellerAndNumber(
    em: EntityManager,
    integrationId: string,
    sellers: string[],
    numbers: string[],
  ): Promise<{ seller: string; number: string; id: string }[]> {
    const rows: { seller: string; number: string; id: string; integration_id: string }[] = await em.query(
      `SELECT k.seller, k.number, i.id, i.integration_id
         FROM (SELECT DISTINCT seller, number FROM unnest($1::text[], $2::text[]) AS u(seller, number)) k
         JOIN invoices i ON i.seller_vat_id = k.seller AND i.status <> 'duplicate'
          AND ${invoiceNumberKeySql('i.invoice_number')} = ${invoiceNumberKeySql('k.number')}
          AND i.invoice_number = k.number
         ORDER BY k.seller, k.number, i.received_at, i.id`,
      [sellers, numbers],
    );
    const first = new Map<string, { seller: string; number: string; id: string }>();
    for (const r of rows) {
      const key = `${r.seller}\u0000${r.number}`;
      if (r.integration_id === integrationId && !first.has(key))
        first.set(key, { seller: r.seller, number: r.number, id: r.id });
    }
    return [...first.values()];
  }

  /**
   * Writes accepted invoices (a JSON array text of rows with their canonical JSON, status, duplicate_of
   * and audit reason and data) and an audit event per invoice.
   * Returns each invoice's id and reception instant.
   */
  insertAccepted(
    em: EntityManager,
    a: { integrationId: string; source: string; invoices: string },
  ): Promise<{ id: string; received_at: Date }[]> {
    return em.query(INSERT_ACCEPTED, [a.invoices, a.integrationId, a.source]);
  }

  /** The posted PDF of a Factur-X / ZUGFeRD invoice, kept beside the invoice; the first one stays. */
  async insertOriginal(
    em: EntityManager,
    invoiceId: string,
    o: { contentType: string; attachment: string; bytes: Uint8Array },
  ): Promise<void> {
    await em.query(
      `INSERT INTO invoice_originals (invoice_id, content_type, attachment_name, content, byte_size)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO NOTHING`,
      [invoiceId, o.contentType, o.attachment, Buffer.from(o.bytes), o.bytes.length],
    );
  }

  /** A corrected invoice's canonical JSON and header columns; its supplier follows the seller VAT id when known. */
  async updateCorrected(em: EntityManager, invoiceId: string, h: CorrectedHeader): Promise<void> {
    await em.query(
      `UPDATE invoices SET canonical = $2, invoice_number = COALESCE($3, invoice_number), issue_date = $4, due_date = $5, currency = $6,
       seller_name = $7, seller_vat_id = $8, buyer_vat_id = $9, purchase_order_reference = $10, tax_exclusive = $11, tax_total = $12, payable = $13,
       supplier_id = COALESCE((SELECT id FROM suppliers WHERE vat_id = $8), supplier_id), updated_at = now()
     WHERE id = $1`,
      [
        invoiceId,
        h.canonicalJson,
        h.invoiceNumber,
        h.issueDate,
        h.dueDate,
        h.currency,
        h.sellerName,
        h.sellerVatId,
        h.buyerVatId,
        h.purchaseOrderReference,
        h.taxExclusive,
        h.taxTotal,
        h.payable,
      ],
    );
  }
}
