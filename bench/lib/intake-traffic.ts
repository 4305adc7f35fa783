import type { DataSource } from 'typeorm';
import type { CanonicalInvoice } from '@app/domain';
import type { GoodsReceiptRecord, PurchaseOrderRecord } from '@app/rules';
import { generateTraffic } from '../rules-traffic.generator';
import { SUPPLIERS } from '../rules-traffic.fixtures';

/** One invoice of the intake traffic and the purchase order (with its goods receipts) it refers to, if any. */
export interface IntakeCase {
  invoice: CanonicalInvoice;
  purchaseOrder: PurchaseOrderRecord | null;
  goodsReceipts: GoodsReceiptRecord[];
}

/**
 * Realistic intake traffic for the benches: ten buying countries, ~20% with one planted defect (seed 16),
 * each invoice number made unique by `suffix`. The invoices are posted whole (payment means, electronic
 * addresses, delivery and the specification identifier are all fields the JSON intake takes); the purchase
 * orders they refer to are master data the back office has before the invoices come (`seedPurchaseOrders`).
 */
export function intakeCases(count: number, suffix: (i: number) => string): IntakeCase[] {
  return generateTraffic({ count, defectRate: 0.2, seed: 16 }).map((c, i) => ({
    invoice: { ...c.invoice, invoiceNumber: `${c.invoice.invoiceNumber}${suffix(i)}` },
    purchaseOrder: c.options.supplier?.purchaseOrder ?? null,
    goodsReceipts: c.options.supplier?.goodsReceipts ?? [],
  }));
}

export function intakeTraffic(count: number, suffix: (i: number) => string): CanonicalInvoice[] {
  return intakeCases(count, suffix).map((c) => c.invoice);
}

/**
 * The purchase orders (lines, goods receipts) of the cases, set-based, under the suppliers of
 * `rules-traffic.fixtures` (already stored by VAT id). A number already stored is kept as it is.
 */
export async function seedPurchaseOrders(ds: DataSource, cases: IntakeCase[]): Promise<number> {
  const vatOf = new Map(SUPPLIERS.map((s) => [s.record.id, s.vatId]));
  const orders = cases.flatMap((c) => {
    const po = c.purchaseOrder;
    if (!po) return [];
    return [
      {
        number: po.number,
        vat: vatOf.get(po.supplierId) ?? null,
        currency: po.currency,
        country: c.invoice.buyer?.countryCode ?? null,
        lines: po.lines.map((l) => ({ n: l.lineNumber, d: l.description ?? null, q: l.quantity, p: l.unitPrice })),
        receipts: c.goodsReceipts.map((g) => g.lines.map((l) => ({ n: l.poLineNumber, q: l.quantityReceived }))),
      },
    ];
  });
  for (let i = 0; i < orders.length; i += 2000) {
    await ds.query(
      `WITH src AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(number text, vat text, currency text, country text, lines jsonb, receipts jsonb)),
            po AS (INSERT INTO purchase_orders (number, supplier_id, currency, buyer_country)
                   SELECT src.number, s.id, src.currency, src.country FROM src JOIN suppliers s ON s.vat_id = src.vat
                   ON CONFLICT (number) DO NOTHING RETURNING id, number),
            pl AS (INSERT INTO purchase_order_lines (purchase_order_id, line_number, description, quantity, unit_price)
                   SELECT po.id, l.n, l.d, l.q::numeric, l.p::numeric FROM po JOIN src USING (number)
                   CROSS JOIN LATERAL jsonb_to_recordset(src.lines) AS l(n text, d text, q text, p text)),
            gr AS (INSERT INTO goods_receipts (purchase_order_id, reference)
                   SELECT po.id, 'GR-' || r.k FROM po JOIN src USING (number)
                   CROSS JOIN LATERAL jsonb_array_elements(src.receipts) WITH ORDINALITY AS r(lines, k)
                   RETURNING id, purchase_order_id, reference)
       INSERT INTO goods_receipt_lines (goods_receipt_id, po_line_number, quantity_received)
       SELECT gr.id, l.n, l.q::numeric FROM gr JOIN po ON po.id = gr.purchase_order_id JOIN src USING (number)
       CROSS JOIN LATERAL jsonb_array_elements(src.receipts) WITH ORDINALITY AS r(lines, k)
       CROSS JOIN LATERAL jsonb_to_recordset(r.lines) AS l(n text, q text) WHERE gr.reference = 'GR-' || r.k`,
      [JSON.stringify(orders.slice(i, i + 2000))],
    );
  }
  return orders.length;
}
