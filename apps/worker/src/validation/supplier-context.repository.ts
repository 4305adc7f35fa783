import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invoiceNumberKeySql, type SupplierColumns } from '@app/persistence';
import type { GoodsReceiptRecord, PurchaseOrderRecord } from '@app/rules';

export interface SupplierRow extends SupplierColumns {
  ibans: string[];
}

export interface PurchaseOrderRow {
  id: string;
  number: string;
  supplier_id: string;
  currency: string;
  lines: PurchaseOrderRecord['lines'];
}

export interface PriorInvoiceRow {
  id: string;
  invoice_number: string;
  issue_date: string;
  payable: string | null;
  currency: string | null;
}

/** What to look for among a seller's earlier invoices: the number, and (near duplicates) amount, currency and issue date. */
export interface DuplicateProbe {
  invoiceId: string;
  sellerVatId: string;
  number: string;
  /** Whether to look for near duplicates; when false the currency, payable and issue date are ignored. */
  near: boolean;
  currency: string | null;
  payable: string | null;
  issueDate: string | null;
  windowDays: number;
}

/** A purchase order's goods receipt, each with its lines (quantities as decimal text). */
export interface GoodsReceiptRow {
  id: string;
  purchase_order_id: string;
  lines: GoodsReceiptRecord['lines'];
}

/**
 * The SQL of the master data and earlier invoices the supplier pack reads, for a group of invoices at
 * once: one statement per kind, each a set of the same small indexed lookups.
 */
@Injectable()
export class SupplierContextRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The suppliers with these VAT ids and their bank accounts; a VAT id master data does not know has no row. */
  suppliersByVatIds(vatIds: string[]): Promise<SupplierRow[]> {
    if (!vatIds.length) return Promise.resolve([]);
    return this.ds.query(
      `SELECT s.id, s.name, s.vat_id, s.country_code, s.blocked, s.blocked_reason, s.requires_po, s.price_tolerance_pct::text AS ptol,
                s.quantity_tolerance_pct::text AS qtol, s.payment_terms_days, s.currency,
                COALESCE(array_agg(b.iban) FILTER (WHERE b.iban IS NOT NULL), '{}') AS ibans
         FROM suppliers s LEFT JOIN supplier_bank_accounts b ON b.supplier_id = s.id WHERE s.vat_id = ANY($1::text[]) GROUP BY s.id`,
      [vatIds],
    );
  }

  /** The purchase orders with these numbers and their lines (numbers as decimal text); an unknown number has no row. */
  purchaseOrdersByNumbers(numbers: string[]): Promise<PurchaseOrderRow[]> {
    if (!numbers.length) return Promise.resolve([]);
    return this.ds.query(
      `SELECT p.id, p.number, p.supplier_id, p.currency,
                COALESCE(json_agg(json_build_object('lineNumber', l.line_number, 'description', l.description, 'quantity', l.quantity::text, 'unitPrice', l.unit_price::text)) FILTER (WHERE l.line_number IS NOT NULL), '[]') AS lines
         FROM purchase_orders p LEFT JOIN purchase_order_lines l ON l.purchase_order_id = p.id WHERE p.number = ANY($1::text[]) GROUP BY p.id`,
      [numbers],
    );
  }

  /** The goods receipts of these purchase orders, each with its lines (quantities as decimal text). */
  goodsReceiptsOf(purchaseOrderIds: string[]): Promise<GoodsReceiptRow[]> {
    if (!purchaseOrderIds.length) return Promise.resolve([]);
    return this.ds.query(
      `SELECT g.id, g.purchase_order_id, json_agg(json_build_object('poLineNumber', gl.po_line_number, 'quantityReceived', gl.quantity_received::text)) AS lines
           FROM goods_receipts g JOIN goods_receipt_lines gl ON gl.goods_receipt_id = g.id WHERE g.purchase_order_id = ANY($1::uuid[]) GROUP BY g.id`,
      [purchaseOrderIds],
    );
  }

  /**
   * For each probe, in the order given, the seller's earlier invoices that DUP-EXACT or DUP-NEAR could
   * match, straight from the indexes on what defines them (invoices_seller_number_key_idx: the number
   * without case and whitespace, received in the last 120 days, at most 50; invoices_near_duplicate_idx:
   * same currency and amount, issue date within the window, at most 200). Never the probe's invoice
   * itself nor an invoice stored as a duplicate; the invoices of the other probes are candidates like any
   * other. One statement for all probes: each probe's lookups run as their own index scans (LATERAL).
   */
  async duplicateCandidates(probes: DuplicateProbe[]): Promise<PriorInvoiceRow[][]> {
    if (!probes.length) return [];
    const col = <T>(pick: (p: DuplicateProbe) => T) => probes.map(pick);
    const rows: (PriorInvoiceRow & { probe: number })[] = await this.ds.query(
      `SELECT p.probe::int AS probe, c.id, c.invoice_number, c.issue_date, c.payable, c.currency
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::bool[], $5::text[], $6::numeric[], $7::date[], $8::int[])
              WITH ORDINALITY AS p(seller_vat_id, invoice_id, number, near, currency, payable, issue_date, window_days, probe)
       CROSS JOIN LATERAL (
         (SELECT id, invoice_number, issue_date::text AS issue_date, payable::text AS payable, currency FROM invoices
          WHERE seller_vat_id = p.seller_vat_id AND status <> 'duplicate' AND id <> p.invoice_id
            AND ${invoiceNumberKeySql('invoice_number')} = ${invoiceNumberKeySql('p.number')}
            AND received_at > now() - interval '120 days'
          ORDER BY received_at DESC LIMIT 50)
         UNION
         (SELECT id, invoice_number, issue_date::text, payable::text, currency FROM invoices
          WHERE p.near AND seller_vat_id = p.seller_vat_id AND status <> 'duplicate' AND id <> p.invoice_id
            AND upper(currency) = upper(p.currency) AND payable = p.payable
            AND issue_date BETWEEN p.issue_date - p.window_days AND p.issue_date + p.window_days
          ORDER BY received_at DESC LIMIT 200)
       ) c`,
      [
        col((p) => p.sellerVatId),
        col((p) => p.invoiceId),
        col((p) => p.number),
        col((p) => p.near),
        col((p) => p.currency ?? ''),
        col((p) => p.payable ?? '0'),
        col((p) => p.issueDate ?? '1970-01-01'),
        col((p) => p.windowDays),
      ],
    );
    const out = probes.map((): PriorInvoiceRow[] => []);
    for (const { probe, ...row } of rows) out[probe - 1].push(row);
    return out;
  }
}
