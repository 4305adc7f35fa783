import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource } from 'typeorm';
import { CanonicalInvoice, recomputeInvoice } from '@app/domain';
import { findException } from '@app/triage';
import { StaffPrincipal } from '../../auth/staff-principal';
import { ExceptionAccess } from '../exception-access';
import { supplierView } from '../../master-data/supplier.view';
import { notFound } from '../../../common/api-error';
import { ReviewActionsService } from '../review-actions.service';
import { documentView } from './document-view';
import { DEFAULT_LANGUAGE, type Language } from '@app/rules';
import { localizedFinding } from '../../../common/language/request-language';
import { DecisionHistoryRepository, fieldPattern } from './decision-history.repository';
import { DecisionSuggestion, summarizeDecisions } from './decision-suggestion';
import { ContextInvoiceRow, ExceptionContextRepository } from './exception-context.repository';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const D = (v: unknown): Decimal | null => {
  try {
    return v === null || v === undefined || v === '' ? null : new Decimal(String(v));
  } catch {
    return null;
  }
};
const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export type ContextKind = 'purchase-order' | 'duplicate' | 'bank-account' | 'vat' | 'supplier' | 'data';
export const contextKindOf = (routeKey: string): ContextKind =>
  routeKey.startsWith('po.')
    ? 'purchase-order'
    : routeKey.startsWith('duplicate.')
      ? 'duplicate'
      : routeKey === 'supplier.bank-account'
        ? 'bank-account'
        : routeKey.startsWith('vat.')
          ? 'vat'
          : routeKey.startsWith('supplier.')
            ? 'supplier'
            : 'data';

/**
 * What a reviewer needs beside an exception to decide it, by kind: the 3-way match (invoice line, PO
 * line, goods received) for PO items, the earlier invoice side by side for duplicates, the supplier
 * record with its accounts and their change history for bank-account items, the VAT breakdown
 * recomputed for VAT (and every) item, and the original document with the offending elements marked.
 */
@Injectable()
export class ExceptionContextService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ReviewActionsService) private readonly actions: ReviewActionsService,
    @Inject(DecisionHistoryRepository) private readonly history: DecisionHistoryRepository,
    @Inject(ExceptionContextRepository) private readonly repo: ExceptionContextRepository,
    @Inject(ExceptionAccess) private readonly access: ExceptionAccess,
  ) {}

  async context(p: StaffPrincipal, id: string, lang: Language = DEFAULT_LANGUAGE) {
    const row = await this.access.visibleTo(this.ds, p, await findException(this.ds, this.actions.uuid(id)));
    const inv = await this.repo.invoice(row.invoice_id);
    const findings = await this.repo.latestFindings(row.invoice_id);
    const mine = findings.filter((f) => f.exception_id === row.id);
    const canonical = (inv.canonical ?? {}) as CanonicalInvoice;
    const kind = contextKindOf(row.route_key);
    const supplierId = row.supplier_id ?? inv.supplier_id;
    const original = await this.repo.originalInfo(row.invoice_id);
    const [purchaseOrder, duplicate, supplier, suggestions] = await Promise.all([
      inv.purchase_order_reference || kind === 'purchase-order'
        ? this.purchaseOrder(canonical, inv.purchase_order_reference, supplierId)
        : null,
      kind === 'duplicate' ? this.duplicate(inv, canonical, mine) : null,
      supplierId || kind === 'bank-account' || kind === 'supplier' ? this.supplier(supplierId, canonical) : null,
      this.suggestions(row.id, row.route_key, supplierId, mine),
    ]);
    return {
      exceptionId: row.id,
      kind,
      lang,
      /** The item's own findings, texts in `lang` (the document view marks their fields). */
      findings: mine.map((f) =>
        localizedFinding(
          {
            ruleId: f.rule_id,
            severity: f.severity,
            fieldPath: f.field_path,
            message: f.message,
            expected: f.expected,
            actual: f.actual,
            hint: f.hint,
          },
          lang,
        ),
      ),
      purchaseOrder,
      duplicate,
      supplier,
      /** What was decided before on the same supplier, rule and field, and how often. Shown, never applied. */
      suggestions,
      vat: recomputeInvoice(canonical),
      /** The PDF the invoice was posted as (Factur-X / ZUGFeRD): the visual, served by GET /v1/exceptions/{id}/original. */
      original: original
        ? {
            contentType: original.content_type,
            attachment: original.attachment_name,
            byteSize: original.byte_size,
            url: `/v1/exceptions/${row.id}/original`,
          }
        : null,
      document: documentView(
        inv.raw_document,
        inv.raw_content_type,
        inv.format,
        canonical,
        mine.map((f) => f.field_path),
      ),
    };
  }

  /** The stored PDF of the item's invoice, for staff who may see the item. */
  async original(p: StaffPrincipal, id: string) {
    const row = await this.access.visibleTo(this.ds, p, await findException(this.ds, this.actions.uuid(id)));
    const o = await this.repo.original(row.invoice_id);
    if (!o) throw notFound('Original PDF of exception', id);
    return {
      contentType: o.content_type,
      attachment: o.attachment_name,
      content: o.content,
    };
  }

  /** Per rule and field of the item's findings (at most three), the past decisions of the same supplier. */
  private async suggestions(
    exceptionId: string,
    routeKey: string,
    supplierId: string | null,
    mine: { rule_id: string; field_path: string }[],
  ): Promise<DecisionSuggestion[]> {
    if (!supplierId) return [];
    const keys = new Map<string, { ruleId: string; fieldPath: string }>();
    for (const f of mine)
      keys.set(`${f.rule_id} ${fieldPattern(f.field_path)}`, { ruleId: f.rule_id, fieldPath: f.field_path });
    const found = await Promise.all(
      [...keys.values()]
        .slice(0, 3)
        .map(async (k) =>
          summarizeDecisions(
            k.ruleId,
            fieldPattern(k.fieldPath),
            await this.history.matching({ supplierId, routeKey, exceptionId, ...k }),
          ),
        ),
    );
    return found.filter((s): s is DecisionSuggestion => s !== null);
  }

  /** Invoice lines beside their PO line and the quantity received, with price and quantity variances against the supplier's tolerances. */
  private async purchaseOrder(inv: CanonicalInvoice, reference: string | null, supplierId: string | null) {
    const ref = reference?.trim();
    if (!ref) return { reference: null, found: false, lines: [], receipts: [] };
    const po = await this.repo.purchaseOrder(ref);
    if (!po) return { reference: ref, found: false, lines: [], receipts: [] };
    const [poLines, receipts] = await Promise.all([
      this.repo.purchaseOrderLines(po.id),
      this.repo.goodsReceipts(po.id),
    ]);
    const priceTol = D(po.ptol) ?? new Decimal(0);
    const qtyTol = D(po.qtol) ?? new Decimal(0);
    const received = new Map<string, Decimal>();
    for (const r of receipts)
      received.set(r.po_line_number, (received.get(r.po_line_number) ?? new Decimal(0)).plus(r.quantity));
    const hasReceipts = receipts.length > 0;
    const lines = (inv.lines ?? []).map((l, index) => {
      const lineRef = l.poLineReference?.trim();
      const pl = lineRef
        ? poLines.find((x) => x.line_number === lineRef)
        : poLines.length === 1
          ? poLines[0]
          : undefined;
      const price = D(l.unitPrice);
      const base = D(l.priceBaseQuantity);
      const unit = price && base && base.gt(0) ? price.div(base) : price;
      const ordered = pl ? D(pl.unit_price) : null;
      const priceVariancePct =
        unit && ordered ? (ordered.isZero() ? new Decimal(100) : unit.minus(ordered).div(ordered).mul(100)) : null;
      const qty = D(l.quantity);
      const orderedQty = pl ? D(pl.quantity) : null;
      const receivedQty = pl && hasReceipts ? (received.get(pl.line_number) ?? new Decimal(0)) : null;
      const against = receivedQty ?? orderedQty; // 3-way when goods receipts exist, else 2-way
      const allowed = against ? against.mul(qtyTol.div(100).plus(1)) : null;
      return {
        index,
        invoiceLine: {
          id: l.id ?? null,
          description: l.description ?? l.name ?? null,
          quantity: l.quantity ?? null,
          unitCode: l.unitCode ?? null,
          unitPrice: base && base.gt(0) && unit ? unit.toString() : (l.unitPrice ?? null),
          netAmount: l.netAmount ?? null,
        },
        poLine: pl
          ? { lineNumber: pl.line_number, description: pl.description, quantity: pl.quantity, unitPrice: pl.unit_price }
          : null,
        receivedQuantity: receivedQty?.toString() ?? null,
        priceVariancePct: priceVariancePct?.toDecimalPlaces(2).toString() ?? null,
        priceWithinTolerance: priceVariancePct ? priceVariancePct.lte(priceTol) : null,
        quantityVariance: qty && against ? qty.minus(against).toString() : null,
        quantityWithinTolerance: qty && allowed ? qty.lte(allowed) : null,
        matchedBy: !pl ? null : lineRef ? 'order line reference' : 'the only PO line',
      };
    });
    return {
      reference: ref,
      found: true,
      number: po.number,
      currency: po.currency,
      supplierName: po.supplier_name,
      belongsToSupplier: !supplierId || po.supplier_id === supplierId,
      tolerance: { pricePct: priceTol.toString(), quantityPct: qtyTol.toString() },
      match: hasReceipts ? '3-way' : '2-way',
      lines,
      receipts: receipts.map((r) => ({
        id: r.id,
        reference: r.reference,
        receivedAt: iso(r.received_at),
        poLineNumber: r.po_line_number,
        quantity: r.quantity,
      })),
      poLines: poLines.map((x) => ({
        lineNumber: x.line_number,
        description: x.description,
        quantity: x.quantity,
        unitPrice: x.unit_price,
      })),
    };
  }

  /**
   * The earlier invoice side by side, with the fields that differ: the one recorded as `duplicate_of`, else the
   * seller's invoice with the same amount and currency, the same number first, then the closest issue date.
   * (Findings name no invoice id: the earlier invoice may belong to another integration, which reads findings.)
   */
  private async duplicate(
    inv: ContextInvoiceRow,
    canonical: CanonicalInvoice,
    mine: { hint: string | null; message: string }[],
  ) {
    const named = mine.map((f) => UUID_IN_TEXT.exec(f.hint ?? '')?.[0]).find(Boolean) ?? inv.duplicate_of;
    const earlier = named ? await this.repo.invoiceById(named) : await this.repo.likelyEarlier(inv);
    if (!earlier) return { earlier: null, differences: [] };
    const a = flatten(canonical);
    const b = flatten(earlier.canonical ?? {});
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(fieldOrder);
    return {
      earlier: {
        id: earlier.id,
        invoiceNumber: earlier.invoice_number,
        status: earlier.status,
        receivedAt: iso(earlier.received_at),
        invoice: earlier.canonical,
      },
      fields: keys.map((k) => ({
        path: k,
        current: a[k] ?? null,
        earlier: b[k] ?? null,
        differs: (a[k] ?? null) !== (b[k] ?? null),
      })),
      differences: keys.filter((k) => (a[k] ?? null) !== (b[k] ?? null)),
    };
  }

  /** The supplier record: bank accounts on file (since when) and the audited history of its changes, with the actors' names. */
  private async supplier(supplierId: string | null, canonical: CanonicalInvoice) {
    const invoiceIban =
      canonical.seller?.iban ?? canonical.paymentMeans?.find((m) => m.accounts?.length)?.accounts?.[0]?.iban ?? null;
    if (!supplierId) return { known: false, invoiceIban, record: null, accounts: [], history: [] };
    const [s, accounts, history] = await Promise.all([
      this.repo.supplier(supplierId),
      this.repo.bankAccounts(supplierId),
      this.repo.supplierHistory(supplierId),
    ]);
    if (!s) return { known: false, invoiceIban, record: null, accounts: [], history: [] };
    const norm = (x: string | null | undefined) => (x ?? '').replace(/\s+/g, '').toUpperCase();
    return {
      known: true,
      invoiceIban,
      ibanOnFile: invoiceIban ? accounts.some((a) => norm(a.iban) === norm(invoiceIban)) : null,
      record: supplierView(s),
      accounts: accounts.map((a) => ({ iban: a.iban, addedAt: iso(a.created_at) })),
      history: history.map((h) => {
        // An approved pending change adds accounts in its own event (the approver is its actor).
        const added: string[] = h.action === 'bank_accounts_added' ? (h.data?.ibans ?? []) : [];
        const before: string[] = h.data?.before?.bankAccounts ?? [];
        const after: string[] = [...(h.data?.after?.bankAccounts ?? h.data?.bankAccounts ?? []), ...added];
        return {
          id: Number(h.id),
          action: h.action,
          actorType: h.actor_type,
          actorName: h.actor_name ?? h.actor_id,
          reason: h.reason,
          occurredAt: iso(h.occurred_at),
          accountsAdded: after.filter((x) => !before.includes(x)),
          accountsRemoved: before.filter((x) => !after.includes(x)),
        };
      }),
    };
  }
}

/** Leaf values of an invoice by canonical path (`lines[0].unitPrice`), for the side-by-side comparison. */
function flatten(v: unknown, path = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(v)) v.forEach((x, i) => flatten(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) flatten(x, path ? `${path}.${k}` : k, out);
  else if (v !== null && v !== undefined && path) out[path] = String(v);
  return out;
}

const ORDER = [
  'invoiceNumber',
  'issueDate',
  'dueDate',
  'typeCode',
  'currency',
  'purchaseOrderReference',
  'seller',
  'buyer',
  'lines',
  'vatBreakdown',
  'totals',
];
function fieldOrder(a: string, b: string): number {
  const rank = (k: string) => {
    const i = ORDER.indexOf(k.split(/[.[]/)[0]);
    return i < 0 ? ORDER.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}
