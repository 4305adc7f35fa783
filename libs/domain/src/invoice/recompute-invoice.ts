import Decimal from 'decimal.js';
import type { CanonicalInvoice } from './canonical-invoice';

/**
 * Recomputes an invoice's arithmetic the EN 16931 way (line net = quantity × net price ÷ base
 * quantity − line allowances + line charges; VAT per category and rate on the sum of line nets and
 * document allowances/charges, rounded half-up to 2 decimals; totals BT-106…BT-115) with decimal.js.
 * Pure (no I/O), so the API shows it beside VAT items and the workbench shows it while a reviewer edits.
 */
export interface RecomputedLine {
  index: number;
  declared: string | null;
  computed: string | null;
  differs: boolean;
}
export interface RecomputedVat {
  category: string;
  rate: string | null;
  taxable: string;
  tax: string;
  declaredTaxable: string | null;
  declaredTax: string | null;
  differs: boolean;
}
export interface RecomputedTotal {
  key: 'lineNetTotal' | 'allowanceTotal' | 'chargeTotal' | 'taxExclusive' | 'taxTotal' | 'taxInclusive' | 'payable';
  declared: string | null;
  computed: string;
  differs: boolean;
}
export interface Recomputation {
  lines: RecomputedLine[];
  vat: RecomputedVat[];
  totals: RecomputedTotal[];
}

const D = (v: unknown): Decimal | null => {
  if (v === null || v === undefined || (typeof v === 'string' && !v.trim())) return null;
  try {
    const d = new Decimal(String(v).trim());
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
};
const money = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
const same = (declared: string | null | undefined, computed: string) => {
  const d = D(declared);
  return d !== null && d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).eq(new Decimal(computed));
};

export function computeLineNet(line: NonNullable<CanonicalInvoice['lines']>[number]): Decimal | null {
  const qty = D(line.quantity);
  const price = D(line.unitPrice);
  if (!qty || !price) return null;
  const base = D(line.priceBaseQuantity);
  let net = qty.mul(price).div(base && base.gt(0) ? base : 1);
  for (const ac of line.allowanceCharges ?? []) {
    const a = D(ac.amount);
    if (a) net = ac.chargeIndicator ? net.plus(a) : net.minus(a);
  }
  return net.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export function recomputeInvoice(inv: CanonicalInvoice): Recomputation {
  const lines: RecomputedLine[] = (inv.lines ?? []).map((l, index) => {
    const c = computeLineNet(l);
    const computed = c ? money(c) : null;
    return {
      index,
      declared: l.netAmount ?? null,
      computed,
      differs: computed !== null && !same(l.netAmount, computed),
    };
  });
  // Each line's net as the invoice will carry it: the recomputed value when it can be computed.
  const nets = (inv.lines ?? []).map((l, i) => D(lines[i].computed) ?? D(l.netAmount) ?? new Decimal(0));
  const groups = new Map<string, { category: string; rate: string | null; taxable: Decimal }>();
  const add = (category: string | undefined, rate: string | undefined, amount: Decimal) => {
    const cat = (category ?? '').trim() || '?';
    const r = D(rate);
    const key = `${cat}|${r ? r.toString() : ''}`;
    const g = groups.get(key) ?? { category: cat, rate: r ? r.toString() : null, taxable: new Decimal(0) };
    g.taxable = g.taxable.plus(amount);
    groups.set(key, g);
  };
  (inv.lines ?? []).forEach((l, i) => add(l.vatCategory, l.vatRate, nets[i]));
  let allowances = new Decimal(0);
  let charges = new Decimal(0);
  for (const ac of inv.allowanceCharges ?? []) {
    const a = D(ac.amount);
    if (!a) continue;
    if (ac.chargeIndicator) charges = charges.plus(a);
    else allowances = allowances.plus(a);
    add(ac.vatCategory, ac.vatRate, ac.chargeIndicator ? a : a.neg());
  }
  const declaredVat = inv.vatBreakdown ?? [];
  const vat: RecomputedVat[] = [...groups.values()].map((g) => {
    const taxable = money(g.taxable);
    const tax = money(g.taxable.mul(g.rate ? new Decimal(g.rate) : 0).div(100));
    const d =
      declaredVat.find(
        (v) =>
          (v.category ?? '').trim() === g.category &&
          (D(v.rate)?.toString() ?? null) === (g.rate === null ? null : new Decimal(g.rate).toString()),
      ) ??
      declaredVat.find(
        (v) =>
          (v.category ?? '').trim() === g.category && declaredVat.filter((x) => x.category === v.category).length === 1,
      );
    return {
      category: g.category,
      rate: g.rate,
      taxable,
      tax,
      declaredTaxable: d?.taxableAmount ?? null,
      declaredTax: d?.taxAmount ?? null,
      differs: !d || !same(d.taxableAmount, taxable) || !same(d.taxAmount, tax),
    };
  });
  const t = inv.totals ?? {};
  const lineNetTotal = nets.reduce((a, b) => a.plus(b), new Decimal(0));
  const taxExclusive = lineNetTotal.minus(allowances).plus(charges);
  const taxTotal = vat.reduce((a, v) => a.plus(v.tax), new Decimal(0));
  const taxInclusive = taxExclusive.plus(taxTotal);
  const payable = taxInclusive.minus(D(t.prepaid) ?? 0).plus(D(t.rounding) ?? 0);
  const total = (key: RecomputedTotal['key'], computed: Decimal, optional = false): RecomputedTotal[] => {
    const declared = (t as Record<string, string | undefined>)[key] ?? null;
    if (optional && declared === null && computed.isZero()) return [];
    const c = money(computed);
    return [{ key, declared, computed: c, differs: !same(declared, c) }];
  };
  return {
    lines,
    vat,
    totals: [
      ...total('lineNetTotal', lineNetTotal),
      ...total('allowanceTotal', allowances, true),
      ...total('chargeTotal', charges, true),
      ...total('taxExclusive', taxExclusive),
      ...total('taxTotal', taxTotal),
      ...total('taxInclusive', taxInclusive),
      ...total('payable', payable),
    ],
  };
}

/**
 * The invoice with its arithmetic replaced by the recomputation (line nets, VAT breakdown amounts,
 * totals) — what "recompute" in the correction editor proposes. Fields that cannot be computed stay.
 */
export function applyRecomputation(inv: CanonicalInvoice, r = recomputeInvoice(inv)): CanonicalInvoice {
  const out: CanonicalInvoice = JSON.parse(JSON.stringify(inv));
  r.lines.forEach((l) => {
    if (l.computed !== null && out.lines?.[l.index]) out.lines[l.index].netAmount = l.computed;
  });
  out.vatBreakdown = r.vat.map((v) => {
    const old = (inv.vatBreakdown ?? []).find(
      (x) => (x.category ?? '').trim() === v.category && (D(x.rate)?.toString() ?? null) === v.rate,
    );
    return {
      ...(old ?? {}),
      category: v.category,
      ...(v.rate !== null ? { rate: old?.rate ?? v.rate } : {}),
      taxableAmount: v.taxable,
      taxAmount: v.tax,
    };
  });
  out.totals = { ...(inv.totals ?? {}) };
  for (const t of r.totals) (out.totals as Record<string, string>)[t.key] = t.computed;
  return out;
}
