import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CanonicalInvoice } from '@app/domain';
import type { SupplierContext } from '@app/rules';
import { settingOf } from '@app/rules/settings';
import { RuleSettingsProvider } from './rule-settings.provider';

const DECIMAL = /^-?\d{1,20}(\.\d{1,20})?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Loads the master data the supplier pack needs for one invoice, in four small indexed queries. */
@Injectable()
export class SupplierContextLoader {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(RuleSettingsProvider) private readonly settings: RuleSettingsProvider,
  ) {}

  /**
   * The seller's earlier invoices that DUP-EXACT or DUP-NEAR could match, straight from the indexes
   * on what defines them (invoices_seller_number_key_idx: the number without case and whitespace,
   * received in the last 120 days; invoices_near_duplicate_idx: same currency and amount, issue date
   * within the duplicate window). However many invoices the seller sent, only candidates are read;
   * the rules then decide (trimmed number, edit distance).
   */
  private async duplicateCandidates(
    invoiceId: string,
    vatId: string,
    inv: CanonicalInvoice,
  ): Promise<SupplierContext['priorInvoices']> {
    const number = typeof inv.invoiceNumber === 'string' ? inv.invoiceNumber : '';
    const payable =
      typeof inv.totals?.payable === 'string' && DECIMAL.test(inv.totals.payable.trim())
        ? inv.totals.payable.trim()
        : null;
    const issueDate =
      typeof inv.issueDate === 'string' && ISO_DATE.test(inv.issueDate) && !Number.isNaN(Date.parse(inv.issueDate))
        ? inv.issueDate
        : null;
    const currency = typeof inv.currency === 'string' && inv.currency ? inv.currency : null;
    const near = payable !== null && issueDate !== null && currency !== null && number.trim() !== '';
    if (!number.trim() && !near) return [];
    const window = near
      ? Math.max(0, Math.ceil(Number(settingOf(await this.settings.current(), 'duplicateWindowDays')) || 0))
      : 0;
    const rows: Record<string, string>[] = await this.ds.query(
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
      [vatId, invoiceId, number, near, currency ?? '', payable ?? '0', issueDate ?? '1970-01-01', window],
    );
    return rows.map((r) => ({
      id: r.id,
      invoiceNumber: r.invoice_number,
      issueDate: r.issue_date,
      payable: r.payable ?? '0',
      currency: r.currency ?? '',
    }));
  }

  async load(invoiceId: string, inv: CanonicalInvoice): Promise<SupplierContext> {
    const vatId = inv.seller?.vatId ?? null;
    const [s] = vatId
      ? await this.ds.query(
          `SELECT s.id, s.name, s.vat_id, s.country_code, s.blocked, s.blocked_reason, s.requires_po, s.price_tolerance_pct::text AS ptol,
                s.quantity_tolerance_pct::text AS qtol, s.payment_terms_days, s.currency,
                COALESCE(array_agg(b.iban) FILTER (WHERE b.iban IS NOT NULL), '{}') AS ibans
         FROM suppliers s LEFT JOIN supplier_bank_accounts b ON b.supplier_id = s.id WHERE s.vat_id = $1 GROUP BY s.id`,
          [vatId],
        )
      : [];
    const supplier = s
      ? {
          id: s.id,
          name: s.name,
          vatId: s.vat_id,
          countryCode: s.country_code,
          blocked: s.blocked,
          blockedReason: s.blocked_reason ?? undefined,
          requiresPo: s.requires_po,
          bankAccounts: s.ibans,
          priceTolerancePct: s.ptol,
          quantityTolerancePct: s.qtol,
          paymentTermsDays: s.payment_terms_days ?? undefined,
          currency: s.currency ?? undefined,
        }
      : null;

    let purchaseOrder: SupplierContext['purchaseOrder'] = null;
    let goodsReceipts: SupplierContext['goodsReceipts'] = [];
    if (inv.purchaseOrderReference) {
      const [po] = await this.ds.query(
        `SELECT p.id, p.number, p.supplier_id, p.currency,
                COALESCE(json_agg(json_build_object('lineNumber', l.line_number, 'description', l.description, 'quantity', l.quantity::text, 'unitPrice', l.unit_price::text)) FILTER (WHERE l.line_number IS NOT NULL), '[]') AS lines
         FROM purchase_orders p LEFT JOIN purchase_order_lines l ON l.purchase_order_id = p.id WHERE p.number = $1 GROUP BY p.id`,
        [inv.purchaseOrderReference],
      );
      if (po) {
        purchaseOrder = {
          id: po.id,
          number: po.number,
          supplierId: po.supplier_id,
          currency: po.currency,
          lines: po.lines,
        };
        const grs = await this.ds.query(
          `SELECT g.id, json_agg(json_build_object('poLineNumber', gl.po_line_number, 'quantityReceived', gl.quantity_received::text)) AS lines
           FROM goods_receipts g JOIN goods_receipt_lines gl ON gl.goods_receipt_id = g.id WHERE g.purchase_order_id = $1 GROUP BY g.id`,
          [po.id],
        );
        goodsReceipts = grs.map((g: { lines: { poLineNumber: string; quantityReceived: string }[] }) => ({
          poNumber: po.number,
          lines: g.lines,
        }));
      }
    }

    const priorInvoices = vatId ? await this.duplicateCandidates(invoiceId, vatId, inv) : [];
    return { supplier, purchaseOrder, goodsReceipts, priorInvoices };
  }
}
