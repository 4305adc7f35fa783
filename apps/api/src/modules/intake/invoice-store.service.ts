import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '@app/persistence';
import { buyerCountryOf, IntakeDocument, IntakeResult, IntakeSource, sellerCountryOf } from './invoice-record';

import { storableDate, storableDecimal as dec } from './storable-values';

const date = storableDate;

/**
 * Writes an accepted invoice, its lines, VAT breakdown, outbox record and audit event in the caller's
 * transaction. An invoice whose seller VAT id + number this integration already sent is stored as `duplicate`.
 */
@Injectable()
export class InvoiceStoreService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async insert(em: EntityManager, integrationId: string, source: IntakeSource, doc: IntakeDocument): Promise<IntakeResult> {
    const inv = doc.invoice;
    const sellerVat = inv.seller?.vatId ?? null;
    const number = inv.invoiceNumber ?? '';
    // Serialise intake of the same seller + number so two concurrent copies cannot both be "first".
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`invoice:${integrationId}:${sellerVat ?? ''}:${number}`]);
    // Exact resends are recognised within the sending integration only: another integration's copy must
    // neither reveal its id nor skip validation (the DUP-EXACT rule sends it to a reviewer instead).
    // Without a number there is nothing to compare: the invoice is validated and gets BR-02.
    const [original] = sellerVat && number.trim()
      ? await em.query(
        `SELECT id FROM invoices WHERE seller_vat_id = $1 AND invoice_number = $2 AND integration_id = $3 AND status <> 'duplicate'
         ORDER BY received_at LIMIT 1`, [sellerVat, number, integrationId])
      : [];
    const status = original ? 'duplicate' : 'received';
    const [row] = await em.query(
      `INSERT INTO invoices (integration_id, source, format, status, document_kind, invoice_number, type_code, issue_date, due_date,
         currency, seller_name, seller_vat_id, seller_country, buyer_vat_id, buyer_country, supplier_id, purchase_order_reference,
         tax_exclusive, tax_total, payable, canonical, raw_document, raw_content_type, duplicate_of)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,
         (SELECT id FROM suppliers WHERE vat_id = $12), $16,$17,$18,$19,$20,$21,$22,$23)
       RETURNING id, status, received_at`,
      [integrationId, source, doc.format, status, inv.documentKind ?? 'invoice', number, inv.typeCode ?? null, date(inv.issueDate),
        date(inv.dueDate), inv.currency ?? null, inv.seller?.name ?? null, sellerVat, sellerCountryOf(inv), inv.buyer?.vatId ?? null,
        buyerCountryOf(inv), inv.purchaseOrderReference ?? null, dec(inv.totals?.taxExclusive), dec(inv.totals?.taxTotal),
        dec(inv.totals?.payable), JSON.stringify(inv), doc.raw ?? null, doc.rawContentType ?? null, original?.id ?? null],
    );
    const id: string = row.id;
    const lines = inv.lines ?? [];
    if (lines.length) {
      await em.query(
        `INSERT INTO invoice_lines (invoice_id, position, line_id, description, quantity, unit_code, unit_price, net_amount, vat_category, vat_rate, po_line_reference)
         SELECT $1, l.position, l.line_id, l.description, l.quantity::numeric, l.unit_code, l.unit_price::numeric, l.net_amount::numeric, l.vat_category, l.vat_rate::numeric, l.po_line_reference
         FROM jsonb_to_recordset($2::jsonb) AS l(position int, line_id text, description text, quantity text, unit_code text, unit_price text, net_amount text, vat_category text, vat_rate text, po_line_reference text)`,
        [id, JSON.stringify(lines.map((l, i) => ({ position: i, line_id: l.id ?? null, description: l.description ?? l.name ?? null, quantity: dec(l.quantity),
          unit_code: l.unitCode ?? null, unit_price: dec(l.unitPrice), net_amount: dec(l.netAmount), vat_category: l.vatCategory ?? null,
          vat_rate: dec(l.vatRate), po_line_reference: l.poLineReference ?? null })))],
      );
    }
    const vat = inv.vatBreakdown ?? [];
    if (vat.length) {
      await em.query(
        `INSERT INTO invoice_vat_breakdown (invoice_id, position, category, rate, taxable_amount, tax_amount)
         SELECT $1, v.position, v.category, v.rate::numeric, v.taxable_amount::numeric, v.tax_amount::numeric
         FROM jsonb_to_recordset($2::jsonb) AS v(position int, category text, rate text, taxable_amount text, tax_amount text)`,
        [id, JSON.stringify(vat.map((v, i) => ({ position: i, category: v.category ?? null, rate: dec(v.rate), taxable_amount: dec(v.taxableAmount), tax_amount: dec(v.taxAmount) })))],
      );
    }
    if (status === 'received') await em.query(`INSERT INTO outbox (topic, aggregate_id) VALUES ('invoice.received', $1)`, [id]);
    await recordAudit(em, {
      aggregateType: 'invoice', aggregateId: id, action: status === 'duplicate' ? 'received_duplicate' : 'received',
      fromState: null, toState: status, actor: { type: 'integration', id: integrationId },
      reason: original ? `same seller VAT id and invoice number as ${original.id}` : null,
      data: { format: doc.format, source, invoiceNumber: number, sellerVatId: sellerVat },
    });
    return { id, status, receivedAt: new Date(row.received_at).toISOString(), ...(original ? { duplicateOf: original.id } : {}) };
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
