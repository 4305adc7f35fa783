import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { buyerCountryOf, IntakeDocument, IntakeResult, IntakeSource, sellerCountryOf } from './invoice-record';
import { jsonArray, lineRows, vatRows } from './invoice-rows';

import { storableDate, storableDecimal as dec } from './storable-values';

const date = storableDate;

/**
 * Writes accepted invoices, their lines, VAT breakdown, outbox records and audit events in the caller's
 * transaction, set-based. An invoice whose seller VAT id + number this integration already sent is stored as `duplicate`.
 */
@Injectable()
export class InvoiceStoreService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async insert(
    em: EntityManager,
    integrationId: string,
    source: IntakeSource,
    doc: IntakeDocument,
  ): Promise<IntakeResult> {
    const [result] = await this.insertMany(em, integrationId, source, [doc]);
    return result;
  }

  /** The posted PDF of a Factur-X / ZUGFeRD invoice, kept beside the invoice as its visual. */
  async insertOriginal(
    em: EntityManager,
    invoiceId: string,
    o: NonNullable<IntakeDocument['original']>,
  ): Promise<void> {
    await em.query(
      `INSERT INTO invoice_originals (invoice_id, content_type, attachment_name, content, byte_size)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO NOTHING`,
      [invoiceId, o.contentType, o.attachment, Buffer.from(o.bytes), o.bytes.length],
    );
  }

  /**
   * Stores documents set-based, in three statements whatever their number: lock their seller +
   * number keys (sorted, so concurrent batches cannot deadlock), look up the originals of all of them,
   * then one statement writes every invoice with its lines, VAT breakdown, outbox record and audit
   * event. Ids are chosen here so that the child rows can name their invoice in the same statement.
   * A document whose seller + number this integration sent before (or earlier in the same call) is
   * stored as `duplicate` of that first one. Results come back in the order of `docs`.
   */
  async insertMany(
    em: EntityManager,
    integrationId: string,
    source: IntakeSource,
    docs: IntakeDocument[],
  ): Promise<IntakeResult[]> {
    if (!docs.length) return [];
    const keyed = docs.map((doc) => {
      const sellerVat = doc.invoice.seller?.vatId ?? null;
      const number = doc.invoice.invoiceNumber ?? '';
      // Without a number there is nothing to compare: the invoice is validated and gets BR-02.
      // A document read off the event loop comes with its id and its rows already serialised.
      return {
        doc,
        sellerVat,
        number,
        comparable: !!(sellerVat && number.trim()),
        id: doc.serialized?.id ?? randomUUID(),
      };
    });
    // Serialise intake of the same seller + number so two concurrent copies cannot both be "first".
    const lockKeys = [...new Set(keyed.map((k) => `invoice:${integrationId}:${k.sellerVat ?? ''}:${k.number}`))];
    await em.query(
      `SELECT count(pg_advisory_xact_lock(h))::int AS locked FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) s`,
      [lockKeys],
    );
    // Exact resends are recognised within the sending integration only: another integration's copy must
    // neither reveal its id nor skip validation (the DUP-EXACT rule sends it to a reviewer instead).
    const comparable = keyed.filter((k) => k.comparable);
    const originals = new Map<string, string>();
    if (comparable.length) {
      const rows: { seller: string; number: string; id: string }[] = await em.query(
        `SELECT DISTINCT ON (k.seller, k.number) k.seller, k.number, i.id
         FROM (SELECT DISTINCT seller, number FROM unnest($1::text[], $2::text[]) AS u(seller, number)) k
         JOIN invoices i ON i.seller_vat_id = k.seller AND i.invoice_number = k.number AND i.integration_id = $3 AND i.status <> 'duplicate'
         ORDER BY k.seller, k.number, i.received_at`,
        [comparable.map((k) => k.sellerVat), comparable.map((k) => k.number), integrationId],
      );
      for (const r of rows) originals.set(`${r.seller}\u0000${r.number}`, r.id);
    }
    const invoices: string[] = [];
    const lines: Record<string, unknown>[] = [];
    const vat: Record<string, unknown>[] = [];
    const serializedLines: string[] = [];
    const serializedVat: string[] = [];
    const planned = keyed.map((k) => {
      const key = `${k.sellerVat}\u0000${k.number}`;
      const original = k.comparable ? originals.get(key) : undefined;
      if (k.comparable && !original) originals.set(key, k.id); // later copies in this call are its duplicates
      const status = original ? 'duplicate' : 'received';
      const inv = k.doc.invoice;
      const row = {
        id: k.id,
        format: k.doc.format,
        status,
        document_kind: inv.documentKind ?? 'invoice',
        invoice_number: k.number,
        type_code: inv.typeCode ?? null,
        issue_date: date(inv.issueDate),
        due_date: date(inv.dueDate),
        currency: inv.currency ?? null,
        seller_name: inv.seller?.name ?? null,
        seller_vat_id: k.sellerVat,
        seller_country: sellerCountryOf(inv),
        buyer_vat_id: inv.buyer?.vatId ?? null,
        buyer_country: buyerCountryOf(inv),
        purchase_order_reference: inv.purchaseOrderReference ?? null,
        tax_exclusive: dec(inv.totals?.taxExclusive),
        tax_total: dec(inv.totals?.taxTotal),
        payable: dec(inv.totals?.payable),
        raw_document: k.doc.raw ?? null,
        raw_content_type: k.doc.rawContentType ?? null,
        duplicate_of: original ?? null,
        audit_reason: original ? `same seller VAT id and invoice number as ${original}` : null,
        audit_data: { format: k.doc.format, source, invoiceNumber: k.number, sellerVatId: k.sellerVat },
      };
      // The canonical JSON is spliced in as text: a serialised document is never parsed again on this thread.
      const rowJson = JSON.stringify(row);
      invoices.push(`${rowJson.slice(0, -1)},"canonical":${k.doc.serialized?.canonical ?? JSON.stringify(inv)}}`);
      if (k.doc.serialized) {
        serializedLines.push(k.doc.serialized.lines);
        serializedVat.push(k.doc.serialized.vat);
        return { id: k.id, status, original };
      }
      for (const r of lineRows(k.id, inv.lines)) lines.push(r);
      for (const r of vatRows(k.id, inv.vatBreakdown)) vat.push(r);
      return { id: k.id, status, original };
    });
    const rows: { id: string; received_at: Date }[] = await em.query(
      `WITH src AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, format text, status text, document_kind text, invoice_number text, type_code text,
           issue_date date, due_date date, currency text, seller_name text, seller_vat_id text, seller_country text, buyer_vat_id text,
           buyer_country text, purchase_order_reference text, tax_exclusive numeric, tax_total numeric, payable numeric, canonical jsonb,
           raw_document text, raw_content_type text, duplicate_of uuid, audit_reason text, audit_data jsonb)
       ), inv AS (
         INSERT INTO invoices (id, integration_id, source, format, status, document_kind, invoice_number, type_code, issue_date, due_date,
           currency, seller_name, seller_vat_id, seller_country, buyer_vat_id, buyer_country, supplier_id, purchase_order_reference,
           tax_exclusive, tax_total, payable, canonical, raw_document, raw_content_type, duplicate_of)
         SELECT x.id, $2, $3, x.format, x.status, x.document_kind, x.invoice_number, x.type_code, x.issue_date, x.due_date,
           x.currency, x.seller_name, x.seller_vat_id, x.seller_country, x.buyer_vat_id, x.buyer_country,
           (SELECT s.id FROM suppliers s WHERE s.vat_id = x.seller_vat_id), x.purchase_order_reference,
           x.tax_exclusive, x.tax_total, x.payable, x.canonical, x.raw_document, x.raw_content_type, x.duplicate_of
         FROM src x
         RETURNING id, received_at
       ), lines AS (
         INSERT INTO invoice_lines (invoice_id, position, line_id, description, quantity, unit_code, unit_price, net_amount, vat_category, vat_rate, po_line_reference)
         SELECT l.invoice_id, l.position, l.line_id, l.description, l.quantity, l.unit_code, l.unit_price, l.net_amount, l.vat_category, l.vat_rate, l.po_line_reference
         FROM jsonb_to_recordset($4::jsonb) AS l(invoice_id uuid, position int, line_id text, description text, quantity numeric, unit_code text,
           unit_price numeric, net_amount numeric, vat_category text, vat_rate numeric, po_line_reference text)
       ), vat AS (
         INSERT INTO invoice_vat_breakdown (invoice_id, position, category, rate, taxable_amount, tax_amount)
         SELECT v.invoice_id, v.position, v.category, v.rate, v.taxable_amount, v.tax_amount
         FROM jsonb_to_recordset($5::jsonb) AS v(invoice_id uuid, position int, category text, rate numeric, taxable_amount numeric, tax_amount numeric)
       ), outbox_rows AS (
         INSERT INTO outbox (topic, aggregate_id) SELECT 'invoice.received', x.id FROM src x WHERE x.status = 'received'
       ), audit AS (
         INSERT INTO audit_events (aggregate_type, aggregate_id, action, from_state, to_state, actor_type, actor_id, reason, data)
         SELECT 'invoice', x.id, CASE WHEN x.status = 'duplicate' THEN 'received_duplicate' ELSE 'received' END, NULL, x.status,
           'integration', $2::text, x.audit_reason, x.audit_data
         FROM src x
       )
       SELECT id, received_at FROM inv`,
      [
        `[${invoices.join(',')}]`,
        integrationId,
        source,
        jsonArray([JSON.stringify(lines), ...serializedLines]),
        jsonArray([JSON.stringify(vat), ...serializedVat]),
      ],
    );
    const receivedAt = new Map(rows.map((r) => [r.id, new Date(r.received_at).toISOString()]));
    return planned.map((p) => ({
      id: p.id,
      status: p.status,
      receivedAt: receivedAt.get(p.id)!,
      ...(p.original ? { duplicateOf: p.original } : {}),
    }));
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
