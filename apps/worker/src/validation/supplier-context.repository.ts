import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SupplierColumns } from '@app/persistence';
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

/** The SQL of the master data and earlier invoices the supplier pack reads for one invoice: small indexed queries. */
@Injectable()
export class SupplierContextRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The supplier with this VAT id and its bank accounts; null when master data does not know it. */
  async supplierByVatId(vatId: string): Promise<SupplierRow | null> {
    const [s] = await this.ds.query(
      `SELECT s.id, s.name, s.vat_id, s.country_code, s.blocked, s.blocked_reason, s.requires_po, s.price_tolerance_pct::text AS ptol,
                s.quantity_tolerance_pct::text AS qtol, s.payment_terms_days, s.currency,
                COALESCE(array_agg(b.iban) FILTER (WHERE b.iban IS NOT NULL), '{}') AS ibans
         FROM suppliers s LEFT JOIN supplier_bank_accounts b ON b.supplier_id = s.id WHERE s.vat_id = $1 GROUP BY s.id`,
      [vatId],
    );
    return s ?? null;
  }

  /** The purchase order with this number and its lines (numbers as decimal text); null when unknown. */
  async purchaseOrderByNumber(number: string): Promise<PurchaseOrderRow | null> {
    const [po] = await this.ds.query(
      `SELECT p.id, p.number, p.supplier_id, p.currency,
                COALESCE(json_agg(json_build_object('lineNumber', l.line_number, 'description', l.description, 'quantity', l.quantity::text, 'unitPrice', l.unit_price::text)) FILTER (WHERE l.line_number IS NOT NULL), '[]') AS lines
         FROM purchase_orders p LEFT JOIN purchase_order_lines l ON l.purchase_order_id = p.id WHERE p.number = $1 GROUP BY p.id`,
      [number],
    );
    return po ?? null;
  }

  /** The goods receipts of a purchase order, each with its lines (quantities as decimal text). */
  goodsReceiptsOf(purchaseOrderId: string): Promise<{ id: string; lines: GoodsReceiptRecord['lines'] }[]> {
    return this.ds.query(
      `SELECT g.id, json_agg(json_build_object('poLineNumber', gl.po_line_number, 'quantityReceived', gl.quantity_received::text)) AS lines
           FROM goods_receipts g JOIN goods_receipt_lines gl ON gl.goods_receipt_id = g.id WHERE g.purchase_order_id = $1 GROUP BY g.id`,
      [purchaseOrderId],
    );
  }

  /**
   * The seller's earlier invoices that DUP-EXACT or DUP-NEAR could match, straight from the indexes on
   * what defines them (invoices_seller_number_key_idx: the number without case and whitespace, received
   * in the last 120 days, at most 50; invoices_near_duplicate_idx: same currency and amount, issue date
   * within the window, at most 200). Never the invoice itself nor an invoice stored as a duplicate.
   */
  duplicateCandidates(p: DuplicateProbe): Promise<PriorInvoiceRow[]> {
    return this.ds.query(
      `(SELECT id, invoice_number, issue_date::text AS issue_date, payable::text AS payable, currency FROM invoices
        WHERE seller_vat_id = $1 AND status <> 'duplicate' AND id <> $2
          AND upper(regexp_replace(invoice_number, '\\s', '', 'g')) = upper(regexp_replace($3, '\\s', '', 'g'))
          AND received_at > now() - interval '120 days'
        ORDER BY received_at DESC LIMIT 50)
       UNION
       (SELECT id, invoice_number, issue_date::text, payable::text, currency FROM invoices
        WHERE $4 AND seller_vat_id = $1 AND status <> 'duplicate' AND id <> $2
          AND upper(currency) = upper($5) AND payable = $6::numeric
          AND issue_date BETWEEN $7::date - $8::int AND $7::date + $8::int
        ORDER BY received_at DESC LIMIT 200)`,
      [
        p.sellerVatId,
        p.invoiceId,
        p.number,
        p.near,
        p.currency ?? '',
        p.payable ?? '0',
        p.issueDate ?? '1970-01-01',
        p.windowDays,
      ],
    );
  }
}
