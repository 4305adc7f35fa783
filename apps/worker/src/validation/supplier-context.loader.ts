import { Inject, Injectable } from '@nestjs/common';
import type { CanonicalInvoice } from '@app/domain';
import type { SupplierContext } from '@app/rules';
import { settingOf } from '@app/rules/settings';
import { RuleSettingsProvider } from './rule-settings.provider';
import { SupplierContextRepository } from './supplier-context.repository';

const DECIMAL = /^-?\d{1,20}(\.\d{1,20})?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Loads the master data the supplier pack needs for one invoice, in four small indexed queries (SupplierContextRepository). */
@Injectable()
export class SupplierContextLoader {
  constructor(
    @Inject(SupplierContextRepository) private readonly repo: SupplierContextRepository,
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
    const rows = await this.repo.duplicateCandidates({
      invoiceId,
      sellerVatId: vatId,
      number,
      near,
      currency,
      payable,
      issueDate,
      windowDays: window,
    });
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
    const s = vatId ? await this.repo.supplierByVatId(vatId) : null;
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
      const po = await this.repo.purchaseOrderByNumber(inv.purchaseOrderReference);
      if (po) {
        purchaseOrder = {
          id: po.id,
          number: po.number,
          supplierId: po.supplier_id,
          currency: po.currency,
          lines: po.lines,
        };
        const grs = await this.repo.goodsReceiptsOf(po.id);
        goodsReceipts = grs.map((g) => ({
          poNumber: po.number,
          lines: g.lines,
        }));
      }
    }

    const priorInvoices = vatId ? await this.duplicateCandidates(invoiceId, vatId, inv) : [];
    return { supplier, purchaseOrder, goodsReceipts, priorInvoices };
  }
}
