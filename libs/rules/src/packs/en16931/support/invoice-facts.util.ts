import type {
  CanonicalAllowanceCharge,
  CanonicalInvoice,
  CanonicalLine,
  CanonicalParty,
  CanonicalVatBreakdown,
} from '@app/domain';
import type { InvoiceFormat, RuleContext } from '../../../engine/rule';
import { boundedMemo } from '../../../engine/bounded-memo.util';
import { D, type Dec, parseDec, SHARED_MAX_LENGTH, toCents, ZERO } from './decimal.util';

/**
 * What many EN 16931 rules need, computed once per validation: normalised category codes, parsed
 * amounts and the VAT identifiers as the Schematron sees them. Rules read these instead of re-parsing,
 * which keeps a typical invoice well under 50 µs for the whole pack.
 */
export interface InvoiceFacts {
  inv: CanonicalInvoice;
  format: InvoiceFormat;
  lines: CanonicalLine[];
  docAllowances: { ac: CanonicalAllowanceCharge; index: number }[];
  docCharges: { ac: CanonicalAllowanceCharge; index: number }[];
  breakdown: CanonicalVatBreakdown[];
  /** Trimmed category codes, '' when absent. */
  lineCats: string[];
  breakdownCats: string[];
  /** Seller VAT id (BT-31) or tax registration id (BT-32): any PartyTaxScheme/CompanyID of the seller. */
  sellerTaxId: boolean;
  sellerVatId: boolean;
  taxRepVatId: boolean;
  buyerVatId: boolean;
  buyerLegalId: boolean;
  /** Categories used on lines, document or line allowances/charges, or in the breakdown. */
  touchedCats: Set<string>;
  dec(value: string | undefined): Dec | null;
  lineNetSum(): Dec;
  /** Σ line net (category c, optional rounded rate) + Σ doc charges − Σ doc allowances of that category. */
  categoryBase(cat: string, roundedRate?: Dec): Dec;
  /** lineNetSum() in cents when every line net amount is plain or absent (see toCents), else null. */
  lineNetCents(): number | null;
  /** categoryBase() in cents when every amount it adds is plain or absent, else null. */
  categoryBaseCents(cat: string, roundedRate: Dec): number | null;
}

// The engine builds one context per validation; the facts ride on it (a symbol key is cheaper than a WeakMap).
const FACTS = Symbol('en16931.facts');
type WithFacts = RuleContext & { [FACTS]?: InvoiceFacts };

export function factsOf(ctx: RuleContext): InvoiceFacts {
  const c = ctx as WithFacts;
  return (c[FACTS] ??= buildFacts(ctx.invoice, ctx.format ?? 'json'));
}

export function cat(code: string | undefined): string {
  return code ? code.trim() : '';
}

export function present(v: string | undefined | null): v is string {
  return v !== undefined && v !== null && v.trim() !== '';
}

function hasId(p: CanonicalParty | undefined, key: 'vatId' | 'taxRegistrationId' | 'legalRegistrationId'): boolean {
  return !!p && present(p[key]);
}

function buildFacts(inv: CanonicalInvoice, format: InvoiceFormat): InvoiceFacts {
  const lines = inv.lines ?? [];
  const acs = inv.allowanceCharges ?? [];
  const docAllowances: InvoiceFacts['docAllowances'] = [];
  const docCharges: InvoiceFacts['docCharges'] = [];
  acs.forEach((ac, index) => (ac.chargeIndicator ? docCharges : docAllowances).push({ ac, index }));
  const breakdown = inv.vatBreakdown ?? [];
  // Amounts are read by several rules (totals, breakdown, category bases): each string is parsed once
  // per validation. Short values are already shared process-wide by parseDec.
  const parsed = new Map<string, Dec | null>();
  const dec = (value: string | undefined): Dec | null => {
    if (value === undefined) return null;
    if (typeof value !== 'string' || value.length <= SHARED_MAX_LENGTH) return parseDec(value);
    let d = parsed.get(value);
    if (d === undefined) {
      d = parseDec(value);
      parsed.set(value, d);
    }
    return d;
  };
  const lineCats = lines.map((l) => cat(l.vatCategory));
  const breakdownCats = breakdown.map((b) => cat(b.category));
  const touchedCats = new Set<string>(lineCats);
  for (const c of breakdownCats) touchedCats.add(c);
  for (const ac of acs) touchedCats.add(cat(ac.vatCategory));
  for (const l of lines)
    if (l.allowanceCharges) for (const ac of l.allowanceCharges) touchedCats.add(cat(ac.vatCategory));
  let lineSum: Dec | undefined;
  let lineCents: number | null | undefined;
  return {
    inv,
    format,
    lines,
    docAllowances,
    docCharges,
    breakdown,
    lineCats,
    breakdownCats,
    touchedCats,
    sellerTaxId: hasId(inv.seller, 'vatId') || hasId(inv.seller, 'taxRegistrationId'),
    sellerVatId: hasId(inv.seller, 'vatId'),
    taxRepVatId: hasId(inv.sellerTaxRepresentative, 'vatId'),
    buyerVatId: hasId(inv.buyer, 'vatId'),
    buyerLegalId: hasId(inv.buyer, 'legalRegistrationId'),
    dec,
    lineNetSum() {
      if (!lineSum) {
        let s: Dec = ZERO;
        for (const l of lines) s = s.plus(dec(l.netAmount) ?? ZERO);
        lineSum = s;
      }
      return lineSum;
    },
    categoryBase(c: string, roundedRate?: Dec) {
      const rateOk = roundedRate ? roundsTo(roundedRate) : () => true;
      let s: Dec = ZERO;
      for (const l of lines) if (cat(l.vatCategory) === c && rateOk(l.vatRate)) s = s.plus(dec(l.netAmount) ?? ZERO);
      for (const { ac } of docCharges)
        if (cat(ac.vatCategory) === c && rateOk(ac.vatRate)) s = s.plus(dec(ac.amount) ?? ZERO);
      for (const { ac } of docAllowances)
        if (cat(ac.vatCategory) === c && rateOk(ac.vatRate)) s = s.minus(dec(ac.amount) ?? ZERO);
      return s;
    },
    lineNetCents() {
      if (lineCents === undefined) lineCents = sumCents(lines, (l) => l.netAmount);
      return lineCents;
    },
    categoryBaseCents(c: string, roundedRate: Dec) {
      const rateOk = roundsTo(roundedRate);
      let s = 0;
      for (const l of lines) {
        if (cat(l.vatCategory) !== c || !rateOk(l.vatRate)) continue;
        const v = centsOrZero(l.netAmount);
        if (v === null || !Number.isSafeInteger((s += v))) return null;
      }
      for (const { ac } of docCharges) {
        if (cat(ac.vatCategory) !== c || !rateOk(ac.vatRate)) continue;
        const v = centsOrZero(ac.amount);
        if (v === null || !Number.isSafeInteger((s += v))) return null;
      }
      for (const { ac } of docAllowances) {
        if (cat(ac.vatCategory) !== c || !rateOk(ac.vatRate)) continue;
        const v = centsOrZero(ac.amount);
        if (v === null || !Number.isSafeInteger((s -= v))) return null;
      }
      return s;
    },
  };
}

/** An absent amount counts as zero (as dec(..) ?? ZERO does); null when the amount is not plain. */
function centsOrZero(value: string | undefined): number | null {
  return value === undefined ? 0 : toCents(value);
}

/**
 * The sum in whole cents, exact: every term is an integer below 10^13, so a running sum that is still a
 * safe integer is exact, and one that leaves the safe range ends the fast path (null) instead of rounding.
 * No cap on the number of terms: a 10,000-line invoice stays on the integer path. The same check as
 * `addCents` (shared/cents.util.ts), written out here and in categoryBaseCents: these walks run over
 * every line of every invoice, and a running sum typed `number | null` is kept as a heap number per
 * addition once it passes 2^31 cents (one A/B of a 10,000-line invoice measured 1.05, but two identical
 * copies measured 1.06 in the same minutes: the reason is the boxing, not that figure).
 */
function sumCents<T>(items: T[], amount: (item: T) => string | undefined): number | null {
  let s = 0;
  for (const item of items) {
    const v = centsOrZero(amount(item));
    if (v === null || !Number.isSafeInteger((s += v))) return null;
  }
  return s;
}

/** Whether a rate, rounded as the Schematron's round(), equals the rounded rate of a breakdown. */
export function rateRoundsTo(rate: string | undefined, roundedRate: Dec): boolean {
  // The rounded rates of the lines are shared (roundedRateOf): the same object is the same rate.
  const r = rate === undefined ? null : typeof rate === 'string' ? roundedRateOf(rate) : roundRate(rate);
  return !!r && (r === roundedRate || r.eq(roundedRate));
}

/**
 * rateRoundsTo(·, roundedRate) for a walk over lines, allowances and charges: their rates repeat (a few
 * distinct values on thousands of lines), so the answer for the rate just seen is kept instead of
 * comparing decimals (a new decimal per comparison) on every line.
 */
export function roundsTo(roundedRate: Dec): (rate: string | undefined) => boolean {
  let last: string | undefined;
  let lastOk = false;
  let seen = false;
  return (rate) => {
    if (!seen || rate !== last) {
      seen = true;
      last = rate;
      lastOk = rateRoundsTo(rate, roundedRate);
    }
    return lastOk;
  };
}

function roundRate(rate: string): Dec | null {
  const r = parseDec(rate);
  return r && r.toDecimalPlaces(0, D.ROUND_HALF_CEIL);
}

// Few distinct rates occur; rounding each once saves a decimal per line and breakdown.
const roundedRateOf = boundedMemo(roundRate, 1_000);

/**
 * round2(|taxable| × rate / 100) of a breakdown in whole cents, when taxable amount and rate are plain
 * (see toCents) and the rate is at least minRateCents / 100 (never negative), else null. Exact: the
 * product is a safe integer and half-up (= half towards +∞ for a non-negative value) is integer arithmetic.
 */
export function expectedTaxCents(b: CanonicalVatBreakdown, minRateCents: number): number | null {
  const rateCents = toCents(b.rate);
  if (rateCents === null || rateCents < Math.max(minRateCents, 0)) return null;
  const taxableCents = toCents(b.taxableAmount);
  if (taxableCents === null) return null;
  const scaled = Math.abs(taxableCents) * rateCents + 5_000; // cents × rate × 100, plus half a cent
  if (!Number.isSafeInteger(scaled)) return null;
  return (scaled - (scaled % 10_000)) / 10_000;
}
