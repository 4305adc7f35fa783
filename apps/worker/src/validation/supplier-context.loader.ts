import { Inject, Injectable } from '@nestjs/common';
import type { CanonicalInvoice } from '@app/domain';
import { GroupCommit, runInGroup, type Settled } from '@app/persistence';
import type { SupplierContext } from '@app/rules';
import { settingOf } from '@app/rules/settings';
import { RuleSettingsProvider } from './rule-settings.provider';
import {
  DuplicateProbe,
  GoodsReceiptRow,
  PurchaseOrderRow,
  SupplierContextRepository,
  SupplierRow,
} from './supplier-context.repository';

const DECIMAL = /^-?\d{1,20}(\.\d{1,20})?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface LoadRequest {
  invoiceId: string;
  inv: CanonicalInvoice;
}

/**
 * Loads the master data the supplier pack needs for an invoice. Concurrent validations load together
 * (GroupCommit): the loads that arrive while a group is being read go with the next group, and a group
 * costs one statement per kind (suppliers, purchase orders, goods receipts, duplicate candidates)
 * instead of up to four per invoice. If a group cannot be read (one invoice's values PostgreSQL
 * refuses), each of its invoices is read alone, so the failure stays that invoice's.
 */
@Injectable()
export class SupplierContextLoader {
  private readonly group = new GroupCommit<LoadRequest, SupplierContext>((items) => this.loadGroup(items));

  constructor(
    @Inject(SupplierContextRepository) private readonly repo: SupplierContextRepository,
    @Inject(RuleSettingsProvider) private readonly settings: RuleSettingsProvider,
  ) {}

  load(invoiceId: string, inv: CanonicalInvoice): Promise<SupplierContext> {
    return this.group.submit({ invoiceId, inv });
  }

  private loadGroup(items: LoadRequest[]): Promise<Settled<SupplierContext>[]> {
    return runInGroup(items, (group) => this.loadMany(group));
  }

  /** The contexts of these invoices, in the order given: one statement per kind for all of them. */
  private async loadMany(items: LoadRequest[]): Promise<SupplierContext[]> {
    const vatIds = items.map(({ inv }) => inv.seller?.vatId || null);
    const poNumbers = items.map(({ inv }) => inv.purchaseOrderReference || null);
    const [suppliers, orders, priorInvoices] = await Promise.all([
      this.repo.suppliersByVatIds(distinct(vatIds)),
      this.repo.purchaseOrdersByNumbers(distinct(poNumbers)),
      this.duplicateCandidates(items, vatIds),
    ]);
    const supplierOf = new Map(suppliers.map((s) => [s.vat_id, s]));
    const orderOf = new Map(orders.map((po) => [po.number, po]));
    const usedOrders = distinct(poNumbers.map((n) => (n ? (orderOf.get(n)?.id ?? null) : null)));
    const receiptsOf = new Map<string, GoodsReceiptRow[]>();
    for (const g of await this.repo.goodsReceiptsOf(usedOrders))
      receiptsOf.set(g.purchase_order_id, [...(receiptsOf.get(g.purchase_order_id) ?? []), g]);
    return items.map((_, i) => {
      const s = vatIds[i] ? supplierOf.get(vatIds[i]!) : undefined;
      const po = poNumbers[i] ? orderOf.get(poNumbers[i]!) : undefined;
      return {
        supplier: s ? supplierFrom(s) : null,
        purchaseOrder: po ? purchaseOrderFrom(po) : null,
        goodsReceipts: po ? (receiptsOf.get(po.id) ?? []).map((g) => ({ poNumber: po.number, lines: g.lines })) : [],
        priorInvoices: priorInvoices[i],
      };
    });
  }

  /**
   * The seller's earlier invoices that DUP-EXACT or DUP-NEAR could match, straight from the indexes
   * on what defines them (invoices_seller_number_key_idx: the number without case and whitespace,
   * received in the last 120 days; invoices_near_duplicate_idx: same currency and amount, issue date
   * within the duplicate window). However many invoices the seller sent, only candidates are read;
   * the rules then decide (trimmed number, edit distance). Per invoice, in the order given.
   */
  private async duplicateCandidates(
    items: LoadRequest[],
    vatIds: (string | null)[],
  ): Promise<SupplierContext['priorInvoices'][]> {
    const probes = new Map<number, Omit<DuplicateProbe, 'windowDays'>>();
    items.forEach(({ invoiceId, inv }, i) => {
      const probe = vatIds[i] ? probeOf(invoiceId, vatIds[i]!, inv) : null;
      if (probe) probes.set(i, probe);
    });
    if (!probes.size) return items.map(() => []);
    const window = [...probes.values()].some((p) => p.near)
      ? Math.max(0, Math.ceil(Number(settingOf(await this.settings.current(), 'duplicateWindowDays')) || 0))
      : 0;
    const rows = await this.repo.duplicateCandidates(
      [...probes.values()].map((p) => ({ ...p, windowDays: p.near ? window : 0 })),
    );
    const at = new Map([...probes.keys()].map((i, k) => [i, rows[k]]));
    return items.map((_, i) =>
      (at.get(i) ?? []).map((r) => ({
        id: r.id,
        invoiceNumber: r.invoice_number,
        issueDate: r.issue_date,
        payable: r.payable ?? '0',
        currency: r.currency ?? '',
      })),
    );
  }
}

/** What to look for among the seller's earlier invoices; null when the invoice has neither a number nor what a near duplicate needs. */
function probeOf(
  invoiceId: string,
  sellerVatId: string,
  inv: CanonicalInvoice,
): Omit<DuplicateProbe, 'windowDays'> | null {
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
  if (!number.trim() && !near) return null;
  return { invoiceId, sellerVatId, number, near, currency, payable, issueDate };
}

function supplierFrom(s: SupplierRow): NonNullable<SupplierContext['supplier']> {
  return {
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
  };
}

function purchaseOrderFrom(po: PurchaseOrderRow): NonNullable<SupplierContext['purchaseOrder']> {
  return { id: po.id, number: po.number, supplierId: po.supplier_id, currency: po.currency, lines: po.lines };
}

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}
