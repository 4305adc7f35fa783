import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditHistoryRow } from '@app/persistence';
import { SupplierRecordRow } from '../../master-data/supplier.view';

export interface ContextInvoiceRow {
  id: string;
  invoice_number: string;
  format: string;
  raw_document: string | null;
  raw_content_type: string | null;
  canonical: Record<string, any> | null;
  supplier_id: string | null;
  seller_vat_id: string | null;
  payable: string | null;
  currency: string | null;
  issue_date: string | null;
  purchase_order_reference: string | null;
  duplicate_of: string | null;
  received_at: Date;
  status: string;
}

export interface ContextFindingRow {
  rule_id: string;
  severity: string;
  field_path: string;
  hint: string | null;
  message: string;
  expected: string | null;
  actual: string | null;
  exception_id: string | null;
}

export interface EarlierInvoiceRow {
  id: string;
  invoice_number: string;
  status: string;
  canonical: Record<string, any> | null;
  received_at: Date;
}

export interface PurchaseOrderRow {
  id: string;
  number: string;
  currency: string;
  supplier_id: string;
  supplier_name: string;
  ptol: string;
  qtol: string;
}

export interface PurchaseOrderLineRow {
  line_number: string;
  description: string | null;
  quantity: string;
  unit_price: string;
}

export interface GoodsReceiptLineRow {
  id: string;
  reference: string | null;
  received_at: Date;
  po_line_number: string;
  quantity: string;
}

export type SupplierHistoryRow = AuditHistoryRow;

/**
 * The SQL of an exception's decision context: its invoice and findings, the stored PDF, the purchase order
 * with its goods receipts, the earlier invoice of a duplicate, and the supplier with its accounts and history.
 */
@Injectable()
export class ExceptionContextRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async invoice(invoiceId: string): Promise<ContextInvoiceRow> {
    const [inv] = await this.ds.query(
      `SELECT id, invoice_number, format, raw_document, raw_content_type, canonical, supplier_id, seller_vat_id, payable::text AS payable, currency,
              issue_date::text AS issue_date, purchase_order_reference, duplicate_of, received_at, status FROM invoices WHERE id = $1`,
      [invoiceId],
    );
    return inv;
  }

  /** Every finding of the invoice's latest validation run. */
  latestFindings(invoiceId: string): Promise<ContextFindingRow[]> {
    return this.ds.query(
      `SELECT rule_id, severity, field_path, hint, message, expected, actual, exception_id FROM findings WHERE invoice_id = $1
         AND validation_run = (SELECT max(validation_run) FROM findings WHERE invoice_id = $1)`,
      [invoiceId],
    );
  }

  /** What is known of the invoice's PDF without reading it. */
  async originalInfo(
    invoiceId: string,
  ): Promise<{ content_type: string; attachment_name: string; byte_size: number } | null> {
    const [original] = await this.ds.query(
      `SELECT content_type, attachment_name, byte_size FROM invoice_originals WHERE invoice_id = $1`,
      [invoiceId],
    );
    return original ?? null;
  }

  async original(
    invoiceId: string,
  ): Promise<{ content_type: string; attachment_name: string; content: Buffer } | null> {
    const [o] = await this.ds.query(
      `SELECT content_type, attachment_name, content FROM invoice_originals WHERE invoice_id = $1`,
      [invoiceId],
    );
    return o ?? null;
  }

  /** The purchase order by number, with its supplier's tolerances (as text: no float touches them). */
  async purchaseOrder(number: string): Promise<PurchaseOrderRow | null> {
    const [po] = await this.ds.query(
      `SELECT p.id, p.number, p.currency, p.supplier_id, s.name AS supplier_name, s.price_tolerance_pct::text AS ptol, s.quantity_tolerance_pct::text AS qtol
       FROM purchase_orders p JOIN suppliers s ON s.id = p.supplier_id WHERE p.number = $1`,
      [number],
    );
    return po ?? null;
  }

  purchaseOrderLines(purchaseOrderId: string): Promise<PurchaseOrderLineRow[]> {
    return this.ds.query(
      `SELECT line_number, description, quantity::text AS quantity, unit_price::text AS unit_price FROM purchase_order_lines WHERE purchase_order_id = $1 ORDER BY line_number`,
      [purchaseOrderId],
    );
  }

  /** The goods received against the order, line by line, in the order they arrived. */
  goodsReceipts(purchaseOrderId: string): Promise<GoodsReceiptLineRow[]> {
    return this.ds.query(
      `SELECT g.id, g.reference, g.received_at, gl.po_line_number, gl.quantity_received::text AS quantity FROM goods_receipts g
                     JOIN goods_receipt_lines gl ON gl.goods_receipt_id = g.id WHERE g.purchase_order_id = $1 ORDER BY g.received_at, gl.po_line_number`,
      [purchaseOrderId],
    );
  }

  async invoiceById(id: string): Promise<EarlierInvoiceRow | null> {
    const [earlier] = await this.ds.query(
      `SELECT id, invoice_number, status, canonical, received_at FROM invoices WHERE id = $1`,
      [id],
    );
    return earlier ?? null;
  }

  /**
   * The seller's other invoice with the same amount and currency most likely to be the earlier one: the same
   * number first, then the closest issue date, then the latest received.
   */
  async likelyEarlier(
    inv: Pick<ContextInvoiceRow, 'id' | 'seller_vat_id' | 'payable' | 'currency' | 'issue_date' | 'invoice_number'>,
  ): Promise<EarlierInvoiceRow | null> {
    const [earlier] = await this.ds.query(
      `SELECT id, invoice_number, status, canonical, received_at FROM invoices WHERE seller_vat_id = $1 AND id <> $2 AND payable = $3::numeric AND currency = $4
         ORDER BY (upper(btrim(invoice_number)) = upper(btrim($6))) DESC, abs(issue_date - $5::date), received_at DESC LIMIT 1`,
      [inv.seller_vat_id, inv.id, inv.payable, inv.currency, inv.issue_date, inv.invoice_number ?? ''],
    );
    return earlier ?? null;
  }

  async supplier(supplierId: string): Promise<SupplierRecordRow | null> {
    const [s] = await this.ds.query(
      `SELECT id, name, vat_id, country_code, blocked, blocked_reason, requires_po, price_tolerance_pct::text AS ptol, quantity_tolerance_pct::text AS qtol,
                            payment_terms_days, currency, language, created_at, updated_at FROM suppliers WHERE id = $1`,
      [supplierId],
    );
    return s ?? null;
  }

  bankAccounts(supplierId: string): Promise<{ iban: string; created_at: Date }[]> {
    return this.ds.query(
      `SELECT iban, created_at FROM supplier_bank_accounts WHERE supplier_id = $1 ORDER BY created_at, iban`,
      [supplierId],
    );
  }

  /** The supplier's 50 latest audit events, newest first, with the names of their actors. */
  supplierHistory(supplierId: string): Promise<SupplierHistoryRow[]> {
    return this.ds.query(
      `SELECT a.id, a.action, a.actor_type, a.actor_id, a.reason, a.data, a.occurred_at,
                            COALESCE(u.name, i.name, CASE WHEN a.actor_type = 'system' THEN 'system' END) AS actor_name
                     FROM audit_events a LEFT JOIN staff_users u ON a.actor_type = 'staff' AND u.id::text = a.actor_id
                       LEFT JOIN integrations i ON a.actor_type = 'integration' AND i.id::text = a.actor_id
                     WHERE a.aggregate_type = 'supplier' AND a.aggregate_id = $1 ORDER BY a.id DESC LIMIT 50`,
      [supplierId],
    );
  }
}
