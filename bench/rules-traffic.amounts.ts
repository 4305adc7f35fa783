/** Exact amount arithmetic of the generated traffic, and the totals an honest supplier system computes. */
import type { CanonicalInvoice } from '@app/domain';

/** Deterministic PRNG (LCG) so runs are comparable. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

// Cent arithmetic in integers keeps the generator exact (amounts stay far below 2^53) without decimals in the loop.
export const money = (cents: number) =>
  `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
/** Cents of a decimal string with at most two decimals, parsed without binary floats. */
export function cents(amount: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new Error(`Not an amount: ${amount}`);
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

/** Tax in cents of a net amount in cents at a decimal rate, rounded half up. */
export function taxCents(netCents: number, rate: string): number {
  const bp = Math.round(Number(rate) * 100); // basis points, exact for rates with up to two decimals
  return Math.floor((netCents * bp + 5000) / 10000);
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Recomputes the VAT breakdown and document totals from lines and document charges, all standard
 * rated at one rate (the supplier invoices domestic goods and services).
 */
export function recomputeTotals(inv: CanonicalInvoice, rate: string): void {
  const lineNet = inv.lines!.reduce((s, l) => s + cents(l.netAmount!), 0);
  const charges = (inv.allowanceCharges ?? [])
    .filter((a) => a.chargeIndicator)
    .reduce((s, a) => s + cents(a.amount!), 0);
  const allowances = (inv.allowanceCharges ?? [])
    .filter((a) => !a.chargeIndicator)
    .reduce((s, a) => s + cents(a.amount!), 0);
  const taxable = lineNet + charges - allowances;
  const tax = taxCents(taxable, rate);
  inv.vatBreakdown = [{ category: 'S', rate, taxableAmount: money(taxable), taxAmount: money(tax) }];
  inv.totals = {
    lineNetTotal: money(lineNet),
    ...(allowances ? { allowanceTotal: money(allowances) } : {}),
    ...(charges ? { chargeTotal: money(charges) } : {}),
    taxExclusive: money(taxable),
    taxTotal: money(tax),
    taxInclusive: money(taxable + tax),
    payable: money(taxable + tax),
  };
}

/** Sets the standard rate on every line, charge and breakdown row and recomputes the totals. */
export function applyRate(inv: CanonicalInvoice, rate: string): void {
  for (const l of inv.lines!) l.vatRate = rate;
  for (const a of inv.allowanceCharges ?? []) a.vatRate = rate;
  recomputeTotals(inv, rate);
}
