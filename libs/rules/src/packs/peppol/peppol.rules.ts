import type { CanonicalAllowanceCharge, CanonicalInvoice, CanonicalParty } from '@app/domain';
import type { RuleDefinition } from '../../engine/rule';
import { D, parseDec, type Dec } from '../en16931/support/decimal.util';
import { toCents } from '../shared/cents.util';
import {
  addressCountry,
  isUblCreditNote,
  normalizeSpace,
  PEPPOL_BIS_CUSTOMIZATION,
  PEPPOL_BIS_PROFILE,
} from '../shared/peppol-document.util';
import {
  PEPPOL_ALLOWANCE_REASON_CODES,
  PEPPOL_CHARGE_REASON_CODES,
  PEPPOL_EAS_CODES,
  PEPPOL_PERIOD_DESCRIPTION_CODES,
  PROFILE_01_CREDIT_NOTE_TYPES,
  PROFILE_01_INVOICE_TYPES,
  VATEX_CATEGORY,
} from './peppol-code-lists';
import { SCHEME_CHECKS } from './peppol-identifiers';
import { peppolRule, type PeppolViolation } from './peppol-rule.util';

/*
 * The generic rules of Peppol BIS Billing 3.0 (PEPPOL-EN16931-R*, -P*, -CL*, -F*, PEPPOL-COMMON-R*)
 * that the canonical invoice can show, with Peppol's flags and conditions. The rules only the UBL
 * document can show (empty elements, currencyID attributes, repeated tax totals, …) are in
 * peppol-ubl.rules.ts and run on the XML.
 */

const bothGerman = (inv: CanonicalInvoice) => addressCountry(inv.seller) === 'DE' && addressCountry(inv.buyer) === 'DE';
/** The Schematron's $profile: the process number NN of a well-formed ProfileID, else 'Unknown'. */
const profileOf = (inv: CanonicalInvoice) => PEPPOL_BIS_PROFILE.exec(normalizeSpace(inv.profileId))?.[1] ?? 'Unknown';

/**
 * One computation per invoice shared by several rules. Validation is synchronous and runs the rules
 * of one invoice in a row, so the last invoice (by identity) and its value are all that is kept. Not a
 * WeakMap keyed by the invoice: an invoice held that way survived V8's young-generation collections
 * with everything it references, and was freed only by a full collection.
 */
function perInvoice<T>(compute: (inv: CanonicalInvoice) => T): (inv: CanonicalInvoice) => T {
  let lastInvoice: CanonicalInvoice | undefined;
  let lastValue: T | undefined;
  return (inv) => {
    if (inv !== lastInvoice) {
      lastValue = compute(inv);
      lastInvoice = inv;
    }
    return lastValue as T;
  };
}

/** Every allowance or charge on document and line level, with its path. */
const allowanceCharges = perInvoice((inv): [CanonicalAllowanceCharge, string][] => {
  const out: [CanonicalAllowanceCharge, string][] = [];
  (inv.allowanceCharges ?? []).forEach((a, i) => a && out.push([a, `allowanceCharges[${i}]`]));
  (inv.lines ?? []).forEach((l, li) =>
    (l?.allowanceCharges ?? []).forEach((a, i) => a && out.push([a, `lines[${li}].allowanceCharges[${i}]`])),
  );
  return out;
});

/** Every party that can carry identifiers, with its path. */
function parties(inv: CanonicalInvoice): [CanonicalParty, string][] {
  const out: [CanonicalParty, string][] = [];
  for (const role of ['seller', 'buyer', 'payee', 'sellerTaxRepresentative'] as const)
    if (inv[role]) out.push([inv[role]!, role]);
  return out;
}

const within = (exp: Dec, val: Dec, slack: string) => exp.plus(slack).gte(val) && exp.minus(slack).lte(val);

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD and a real calendar day (xs:date castable, length 10); no Date object on the hot path. */
export function isDate(v: string): boolean {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  if (m < 1 || m > 12 || d < 1 || y < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS[m - 1] + (leap ? 1 : 0);
}

/**
 * Every date Peppol wants as YYYY-MM-DD (PEPPOL-EN16931-F001), in document order, each checked where
 * it is read: the path is built only for a date that fails.
 */
function checkDates(inv: CanonicalInvoice, report: (v: PeppolViolation) => void): void {
  const check = (v: string | undefined, path: string) =>
    v !== undefined && !isDate(v) && report({ fieldPath: path, expected: 'YYYY-MM-DD', actual: v });
  check(inv.issueDate, 'issueDate');
  check(inv.dueDate, 'dueDate');
  check(inv.taxPointDate, 'taxPointDate');
  check(inv.invoicePeriod?.startDate, 'invoicePeriod.startDate');
  check(inv.invoicePeriod?.endDate, 'invoicePeriod.endDate');
  check(inv.delivery?.date, 'delivery.date');
  const lines = inv.lines ?? [];
  for (let i = 0; i < lines.length; i++) {
    const period = lines[i]?.period;
    if (!period) continue;
    const { startDate, endDate } = period;
    if (startDate !== undefined && !isDate(startDate))
      report({ fieldPath: `lines[${i}].period.startDate`, expected: 'YYYY-MM-DD', actual: startDate });
    if (endDate !== undefined && !isDate(endDate))
      report({ fieldPath: `lines[${i}].period.endDate`, expected: 'YYYY-MM-DD', actual: endDate });
  }
}

const R001 = peppolRule({
  id: 'PEPPOL-EN16931-R001',
  severity: 'blocking',
  description: 'Business process (BT-23, ProfileID) is given',
  fieldPath: 'profileId',
  hint: 'Peppol documents name their business process, e.g. urn:fdc:peppol.eu:2017:poacc:billing:01:1.0; ask the sender to correct it.',
  check: (inv, report) =>
    inv.profileId === undefined &&
    report({ fieldPath: 'profileId', expected: 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0', actual: '' }),
});

const R007 = peppolRule({
  id: 'PEPPOL-EN16931-R007',
  severity: 'blocking',
  description: "Business process (BT-23) has the form 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0'",
  fieldPath: 'profileId',
  hint: 'Ask the sender (or its access point) to send the Peppol business process identifier.',
  check: (inv, report) =>
    profileOf(inv) === 'Unknown' &&
    report({
      fieldPath: 'profileId',
      expected: 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0',
      actual: inv.profileId ?? '',
    }),
});

const R002 = peppolRule({
  id: 'PEPPOL-EN16931-R002',
  severity: 'blocking',
  description: 'At most one invoice note (BT-22), unless buyer and seller are both German',
  fieldPath: 'notes',
  hint: 'Ask the supplier to put its remarks into one note.',
  check: (inv, report) =>
    (inv.notes ?? []).length > 1 &&
    !bothGerman(inv) &&
    report({ fieldPath: 'notes', expected: 'at most 1 note', actual: String(inv.notes!.length) }),
});

const R003 = peppolRule({
  id: 'PEPPOL-EN16931-R003',
  severity: 'blocking',
  description: 'A buyer reference (BT-10) or purchase order reference (BT-13) is given',
  fieldPath: 'buyerReference',
  hint: 'Give the supplier our buyer reference or the purchase order number to quote.',
  check: (inv, report) =>
    inv.buyerReference === undefined &&
    inv.purchaseOrderReference === undefined &&
    report({ fieldPath: 'buyerReference', expected: 'buyer reference or order reference', actual: '' }),
});

const R004 = peppolRule({
  id: 'PEPPOL-EN16931-R004',
  severity: 'blocking',
  description: `Specification identifier (BT-24) starts with '${PEPPOL_BIS_CUSTOMIZATION}'`,
  fieldPath: 'customizationId',
  hint: 'Ask the sender to declare Peppol BIS Billing 3.0 as specification identifier.',
  check: (inv, report) =>
    !normalizeSpace(inv.customizationId).startsWith(PEPPOL_BIS_CUSTOMIZATION) &&
    report({ fieldPath: 'customizationId', expected: PEPPOL_BIS_CUSTOMIZATION, actual: inv.customizationId ?? '' }),
});

const R005 = peppolRule({
  id: 'PEPPOL-EN16931-R005',
  severity: 'blocking',
  description: 'VAT accounting currency (BT-6) differs from the invoice currency (BT-5) when given',
  fieldPath: 'taxCurrency',
  hint: 'Leave out the VAT accounting currency when it is the invoice currency; ask the supplier to correct it.',
  check: (inv, report) =>
    inv.taxCurrency !== undefined &&
    normalizeSpace(inv.taxCurrency) === normalizeSpace(inv.currency) &&
    report({ fieldPath: 'taxCurrency', expected: `not ${inv.currency}`, actual: inv.taxCurrency }),
});

const R055 = peppolRule({
  id: 'PEPPOL-EN16931-R055',
  severity: 'blocking',
  description: 'Invoice total VAT (BT-110) and total VAT in accounting currency (BT-111) have the same sign',
  fieldPath: 'totals.taxTotalAccountingCurrency',
  hint: 'Both VAT totals must be positive (or both negative); ask the supplier for a corrected invoice.',
  check(inv, report) {
    if (inv.taxCurrency === undefined) return;
    const inCur = (c: string | undefined) =>
      (inv.taxTotals ?? [])
        .filter((t) => normalizeSpace(t.currency) === normalizeSpace(c))
        .map((t) => parseDec(t.amount));
    const tax = inCur(inv.taxCurrency);
    const doc = inCur(inv.currency);
    // XPath general comparisons: true when any of the amounts satisfies it.
    const all = (xs: (Dec | null)[], p: (d: Dec) => boolean) => xs.some((d) => d !== null && p(d));
    const nonPositive = all(tax, (d) => d.lte(0)) && all(doc, (d) => d.lte(0));
    const nonNegative = all(tax, (d) => d.gte(0)) && all(doc, (d) => d.gte(0));
    if (!nonPositive && !nonNegative)
      report({
        fieldPath: 'totals.taxTotalAccountingCurrency',
        expected: 'same sign as the VAT total',
        actual: `${tax.join(',')} / ${doc.join(',')}`,
      });
  },
});

const R010 = peppolRule({
  id: 'PEPPOL-EN16931-R010',
  severity: 'blocking',
  description: 'Buyer electronic address (BT-49) is given',
  fieldPath: 'buyer.electronicAddress',
  hint: 'Peppol invoices name our electronic address; ask the sender to add it.',
  check: (inv, report) =>
    inv.buyer !== undefined &&
    inv.buyer.electronicAddress === undefined &&
    report({ fieldPath: 'buyer.electronicAddress', expected: 'electronic address with scheme', actual: '' }),
});

const R020 = peppolRule({
  id: 'PEPPOL-EN16931-R020',
  severity: 'blocking',
  description: 'Seller electronic address (BT-34) is given',
  fieldPath: 'seller.electronicAddress',
  hint: 'Ask the supplier to add its Peppol electronic address.',
  check: (inv, report) =>
    inv.seller !== undefined &&
    inv.seller.electronicAddress === undefined &&
    report({ fieldPath: 'seller.electronicAddress', expected: 'electronic address with scheme', actual: '' }),
});

const R040 = peppolRule({
  id: 'PEPPOL-EN16931-R040',
  severity: 'blocking',
  description: 'Allowance/charge amount equals base amount × percentage / 100 (± 0.02) when both are given',
  fieldPath: 'allowanceCharges[].amount',
  hint: 'Recompute the allowance or charge; ask the supplier for a corrected invoice.',
  check(inv, report) {
    for (const [a, path] of allowanceCharges(inv)) {
      if (allowanceAgreesFast(a) === true) continue;
      const base = parseDec(a.baseAmount);
      const pct = parseDec(a.percentage);
      if (a.baseAmount === undefined || a.percentage === undefined || !base || !pct) continue;
      const amount = parseDec(a.amount) ?? new D(0);
      const expected = base.mul(pct).div(100);
      if (!within(amount, expected, '0.02'))
        report({ fieldPath: `${path}.amount`, expected: expected.toFixed(2), actual: a.amount ?? '' });
    }
  },
});

const R041 = peppolRule({
  id: 'PEPPOL-EN16931-R041',
  severity: 'blocking',
  description: 'Allowance/charge base amount is given when a percentage is given',
  fieldPath: 'allowanceCharges[].baseAmount',
  hint: 'Ask the supplier for the base amount the percentage applies to.',
  check: (inv, report) =>
    allowanceCharges(inv).forEach(
      ([a, path]) =>
        a.percentage !== undefined &&
        a.baseAmount === undefined &&
        report({ fieldPath: `${path}.baseAmount`, expected: 'base amount', actual: '' }),
    ),
});

const R042 = peppolRule({
  id: 'PEPPOL-EN16931-R042',
  severity: 'blocking',
  description: 'Allowance/charge percentage is given when a base amount is given',
  fieldPath: 'allowanceCharges[].percentage',
  hint: 'Ask the supplier for the percentage applied to the base amount.',
  check: (inv, report) =>
    allowanceCharges(inv).forEach(
      ([a, path]) =>
        a.baseAmount !== undefined &&
        a.percentage === undefined &&
        report({ fieldPath: `${path}.percentage`, expected: 'percentage', actual: '' }),
    ),
});

const R046 = peppolRule({
  id: 'PEPPOL-EN16931-R046',
  severity: 'blocking',
  description:
    'Item net price (BT-146) equals gross price (BT-148) minus price discount (BT-147) when the gross price is given',
  fieldPath: 'lines[].unitPrice',
  hint: 'Recompute the net price; ask the supplier for a corrected invoice.',
  check(inv, report) {
    (inv.lines ?? []).forEach((l, i) => {
      if (l?.grossPrice === undefined) return;
      const gross = parseDec(l.grossPrice);
      const discount = parseDec(l.priceDiscount);
      const net = parseDec(l.unitPrice);
      if (gross && discount && net && net.eq(gross.minus(discount))) return;
      report({
        fieldPath: `lines[${i}].unitPrice`,
        expected: gross && discount ? gross.minus(discount).toString() : 'gross price − discount',
        actual: l.unitPrice ?? '',
      });
    });
  },
});

const R061 = peppolRule({
  id: 'PEPPOL-EN16931-R061',
  severity: 'blocking',
  description: 'Direct debit (payment means 49 or 59) gives the mandate reference (BT-89)',
  fieldPath: 'paymentMeans[].directDebit.mandateId',
  hint: 'Ask the supplier for the direct debit mandate reference.',
  check: (inv, report) =>
    (inv.paymentMeans ?? []).forEach(
      (pm, i) =>
        ['49', '59'].includes(normalizeSpace(pm?.typeCode)) &&
        pm.directDebit?.mandateId === undefined &&
        report({ fieldPath: `paymentMeans[${i}].directDebit.mandateId`, expected: 'mandate reference', actual: '' }),
    ),
});

const R110 = peppolRule({
  id: 'PEPPOL-EN16931-R110',
  severity: 'blocking',
  description: 'Line period start date lies within the invoice period',
  fieldPath: 'lines[].period.startDate',
  hint: 'Ask the supplier to correct the invoice or line period.',
  check(inv, report) {
    const start = inv.invoicePeriod?.startDate;
    if (start === undefined || !isDate(start)) return;
    (inv.lines ?? []).forEach((l, i) => {
      const s = l?.period?.startDate;
      if (s !== undefined && isDate(s) && s < start)
        report({ fieldPath: `lines[${i}].period.startDate`, expected: `on or after ${start}`, actual: s });
    });
  },
});

const R111 = peppolRule({
  id: 'PEPPOL-EN16931-R111',
  severity: 'blocking',
  description: 'Line period end date lies within the invoice period',
  fieldPath: 'lines[].period.endDate',
  hint: 'Ask the supplier to correct the invoice or line period.',
  check(inv, report) {
    const end = inv.invoicePeriod?.endDate;
    if (end === undefined || !isDate(end)) return;
    (inv.lines ?? []).forEach((l, i) => {
      const e = l?.period?.endDate;
      if (e !== undefined && isDate(e) && e > end)
        report({ fieldPath: `lines[${i}].period.endDate`, expected: `on or before ${end}`, actual: e });
    });
  },
});

const round2 = (d: Dec) => d.toDecimalPlaces(2, D.ROUND_HALF_UP);

/** A plain decimal ("-12.345") as an exact integer and its number of decimals, or null (then decimals are used). */
function scaled(v: string | undefined, absent: number): [number, number] | null {
  if (v === undefined) return [absent, 0];
  const len = v.length;
  let i = 0;
  let negative = false;
  const first = v.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let n = 0;
  let digits = 0;
  let frac = -1;
  for (; i < len; i++) {
    const c = v.charCodeAt(i);
    if (c === 46 && frac < 0) {
      frac = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9 || ++digits > 15) return null;
    n = n * 10 + d;
    if (frac >= 0) frac++;
  }
  if (digits === 0) return null;
  return [negative ? -n : n, frac < 0 ? 0 : frac];
}

const POW10 = Array.from({ length: 31 }, (_, i) => 10 ** i);

/**
 * R120 on plain numbers with exact integer arithmetic: quantity × price (no base quantity) plus the
 * line charges minus allowances in cents, against the line net amount, all at one decimal scale.
 * Answers null when a value does not fit (then the decimal path decides).
 */
export function lineNetAgreesFast(l: NonNullable<CanonicalInvoice['lines']>[number]): boolean | null {
  if (l.priceBaseQuantity !== undefined && l.priceBaseQuantity !== '1') return null;
  const q = scaled(l.quantity, 1);
  const p = scaled(l.unitPrice, 0);
  const n = scaled(l.netAmount, 0);
  if (!q || !p || !n) return null;
  let adjust = 0; // cents
  for (const a of l.allowanceCharges ?? []) {
    if (!a || a.amount === undefined) continue;
    const c = toCents(a.amount);
    if (c === null) return null;
    adjust += a.chargeIndicator ? c : -c;
  }
  const s = Math.max(q[1] + p[1], n[1], 2);
  if (s > 30) return null;
  const prod = q[0] * p[0] * POW10[s - q[1] - p[1]];
  const net = n[0] * POW10[s - n[1]];
  const adj = adjust * POW10[s - 2];
  const tol = 2 * POW10[s - 2];
  if (
    !Number.isSafeInteger(prod) ||
    !Number.isSafeInteger(net) ||
    !Number.isSafeInteger(adj) ||
    !Number.isSafeInteger(prod + adj)
  )
    return null;
  return Math.abs(net - (prod + adj)) <= tol;
}

/**
 * R040 on plain numbers with exact integer arithmetic: |amount − base × percentage / 100| ≤ 0.02, all
 * at the scale of the product. True only when base, percentage and amount are all given and plain
 * (an absent amount counts as zero, as on the decimal path); null when a value does not fit (then the
 * decimal path decides), false when the amounts disagree.
 */
export function allowanceAgreesFast(a: CanonicalAllowanceCharge): boolean | null {
  if (a.baseAmount === undefined || a.percentage === undefined) return null;
  const b = scaled(a.baseAmount, 0);
  const p = scaled(a.percentage, 0);
  const m = scaled(a.amount, 0);
  if (!b || !p || !m) return null;
  const s = Math.max(b[1] + p[1] + 2, m[1]);
  if (s > 30) return null;
  const factor = b[0] * p[0];
  const prod = factor * POW10[s - b[1] - p[1] - 2];
  const amount = m[0] * POW10[s - m[1]];
  const tol = 2 * POW10[s - 2];
  if (
    !Number.isSafeInteger(factor) ||
    !Number.isSafeInteger(prod) ||
    !Number.isSafeInteger(amount) ||
    !Number.isSafeInteger(amount - prod)
  )
    return null;
  return Math.abs(amount - prod) <= tol;
}

const R120 = peppolRule({
  id: 'PEPPOL-EN16931-R120',
  severity: 'blocking',
  description: 'Line net amount = quantity × (net price / base quantity) + line charges − line allowances (± 0.02)',
  fieldPath: 'lines[].netAmount',
  hint: 'Recompute the line; ask the supplier for a corrected invoice.',
  check(inv, report) {
    (inv.lines ?? []).forEach((l, i) => {
      if (!l || lineNetAgreesFast(l) === true) return;
      const net = parseDec(l.netAmount) ?? new D(0);
      const qty = l.quantity === undefined ? new D(1) : parseDec(l.quantity);
      const price = l.unitPrice === undefined ? new D(0) : parseDec(l.unitPrice);
      const bq = parseDec(l.priceBaseQuantity);
      if (!qty || !price) return;
      const base = bq && !bq.isZero() ? bq : new D(1);
      let charges = new D(0);
      let allowances = new D(0);
      for (const a of l.allowanceCharges ?? []) {
        const amt = parseDec(a?.amount);
        if (!amt) continue;
        if (a.chargeIndicator) charges = charges.plus(amt);
        else allowances = allowances.plus(amt);
      }
      const expected = qty.mul(price.div(base)).plus(round2(charges)).minus(round2(allowances));
      if (!within(net, expected, '0.02'))
        report({ fieldPath: `lines[${i}].netAmount`, expected: expected.toFixed(2), actual: l.netAmount ?? '' });
    });
  },
});

const R121 = peppolRule({
  id: 'PEPPOL-EN16931-R121',
  severity: 'blocking',
  description: 'Item price base quantity (BT-149) is above zero',
  fieldPath: 'lines[].priceBaseQuantity',
  hint: 'Ask the supplier for a corrected invoice.',
  check: (inv, report) =>
    (inv.lines ?? []).forEach((l, i) => {
      if (l?.priceBaseQuantity === undefined) return;
      const bq = parseDec(l.priceBaseQuantity);
      if (!bq || bq.lte(0))
        report({ fieldPath: `lines[${i}].priceBaseQuantity`, expected: '> 0', actual: l.priceBaseQuantity });
    }),
});

const P0100 = peppolRule({
  id: 'PEPPOL-EN16931-P0100',
  severity: 'blocking',
  description: 'Invoice type code (BT-3) is allowed in billing process 01',
  fieldPath: 'typeCode',
  hint: 'Ask the supplier to use a commercial invoice (380) or another type code of the process.',
  check: (inv, report) =>
    !isUblCreditNote(inv) &&
    profileOf(inv) === '01' &&
    !PROFILE_01_INVOICE_TYPES.has(normalizeSpace(inv.typeCode)) &&
    report({
      fieldPath: 'typeCode',
      expected: 'an invoice type code of process 01 (e.g. 380)',
      actual: inv.typeCode ?? '',
    }),
});

const P0101 = peppolRule({
  id: 'PEPPOL-EN16931-P0101',
  severity: 'blocking',
  description: 'Credit note type code (BT-3) is allowed in billing process 01',
  fieldPath: 'typeCode',
  hint: 'Ask the supplier to use credit note type 381.',
  check: (inv, report) =>
    isUblCreditNote(inv) &&
    profileOf(inv) === '01' &&
    !PROFILE_01_CREDIT_NOTE_TYPES.has(normalizeSpace(inv.typeCode)) &&
    report({
      fieldPath: 'typeCode',
      expected: [...PROFILE_01_CREDIT_NOTE_TYPES].join(', '),
      actual: inv.typeCode ?? '',
    }),
});

const P0112 = peppolRule({
  id: 'PEPPOL-EN16931-P0112',
  severity: 'blocking',
  description: 'Invoice type codes 326 and 384 only between German buyer and seller',
  fieldPath: 'typeCode',
  hint: 'Ask the supplier for a commercial invoice (380) or a credit note.',
  check: (inv, report) =>
    !isUblCreditNote(inv) &&
    ['326', '384'].includes(normalizeSpace(inv.typeCode)) &&
    !bothGerman(inv) &&
    report({ fieldPath: 'typeCode', expected: 'not 326 / 384 outside Germany', actual: inv.typeCode }),
});

const VATEX_RULES = VATEX_CATEGORY.map(([id, code, category]) =>
  peppolRule({
    id,
    severity: 'blocking',
    category: 'regulatory',
    description: `VAT category ${category} is used with exemption reason code ${code}`,
    fieldPath: 'vatBreakdown[].category',
    hint: 'The exemption reason and the VAT category contradict each other; ask the supplier for a corrected invoice.',
    check: (inv, report) =>
      (inv.vatBreakdown ?? []).forEach(
        (b, i) =>
          (b?.exemptionReasonCode ?? '').toUpperCase() === code &&
          normalizeSpace(b.category) !== category &&
          report({ fieldPath: `vatBreakdown[${i}].category`, expected: category, actual: b.category ?? '' }),
      ),
  }),
);

const CL002 = peppolRule({
  id: 'PEPPOL-EN16931-CL002',
  severity: 'blocking',
  description: 'Allowance reason code (BT-98 / BT-140) is from the UNCL 5189 subset',
  fieldPath: 'allowanceCharges[].reasonCode',
  hint: 'Ask the supplier for a valid allowance reason code (e.g. 95 discount).',
  check: (inv, report) =>
    allowanceCharges(inv).forEach(
      ([a, path]) =>
        !a.chargeIndicator &&
        a.reasonCode !== undefined &&
        !PEPPOL_ALLOWANCE_REASON_CODES.has(normalizeSpace(a.reasonCode)) &&
        report({ fieldPath: `${path}.reasonCode`, expected: 'UNCL 5189 code', actual: a.reasonCode }),
    ),
});

const CL003 = peppolRule({
  id: 'PEPPOL-EN16931-CL003',
  severity: 'blocking',
  description: 'Charge reason code (BT-105 / BT-145) is from UNCL 7161',
  fieldPath: 'allowanceCharges[].reasonCode',
  hint: 'Ask the supplier for a valid charge reason code (e.g. FC freight).',
  check: (inv, report) =>
    allowanceCharges(inv).forEach(
      ([a, path]) =>
        a.chargeIndicator &&
        a.reasonCode !== undefined &&
        !PEPPOL_CHARGE_REASON_CODES.has(normalizeSpace(a.reasonCode)) &&
        report({ fieldPath: `${path}.reasonCode`, expected: 'UNCL 7161 code', actual: a.reasonCode }),
    ),
});

const CL006 = peppolRule({
  id: 'PEPPOL-EN16931-CL006',
  severity: 'blocking',
  description: 'Invoice period description code (BT-8) is 3, 35 or 432',
  fieldPath: 'taxPointDateCode',
  hint: 'Ask the supplier for a valid VAT point date code.',
  check: (inv, report) =>
    inv.taxPointDateCode !== undefined &&
    !PEPPOL_PERIOD_DESCRIPTION_CODES.has(normalizeSpace(inv.taxPointDateCode)) &&
    report({ fieldPath: 'taxPointDateCode', expected: '3, 35 or 432', actual: inv.taxPointDateCode }),
});

const CL008 = peppolRule({
  id: 'PEPPOL-EN16931-CL008',
  severity: 'blocking',
  description:
    'Electronic address scheme (BT-34-1 / BT-49-1) is from the Peppol EAS code list (on UBL checked on every EndpointID by the reader)',
  fieldPath: 'seller.electronicAddress.schemeId',
  readerChecked: ['ubl'],
  hint: 'Ask the sender to use a Peppol electronic address scheme (e.g. 0088 GLN, 0007, 0192, 9930).',
  check: (inv, report) =>
    parties(inv).forEach(
      ([p, path]) =>
        p.electronicAddress?.schemeId !== undefined &&
        !PEPPOL_EAS_CODES.has(p.electronicAddress.schemeId) &&
        report({
          fieldPath: `${path}.electronicAddress.schemeId`,
          expected: 'Peppol EAS code',
          actual: p.electronicAddress.schemeId,
        }),
    ),
});

const F001 = peppolRule({
  id: 'PEPPOL-EN16931-F001',
  severity: 'blocking',
  description: 'Dates are written YYYY-MM-DD',
  fieldPath: 'issueDate',
  hint: 'Ask the sender to write dates as YYYY-MM-DD.',
  check: checkDates,
});

const CHECKED_SCHEMES = new Set(SCHEME_CHECKS.map((c) => c.scheme));
interface SchemedId {
  id: string;
  path: string;
  endpoint: boolean;
}

/** The identifiers whose scheme PEPPOL-COMMON-R040…R050 check, grouped by scheme (one pass per invoice). */
const idsByScheme = perInvoice((inv): Map<string, SchemedId[]> => {
  const out = new Map<string, SchemedId[]>();
  const add = (id: string | undefined, scheme: string | undefined, path: string, endpoint: boolean) => {
    if (id === undefined || scheme === undefined) return;
    const sch = scheme.trim();
    if (!CHECKED_SCHEMES.has(sch)) return;
    let list = out.get(sch);
    if (!list) out.set(sch, (list = []));
    list.push({ id, path, endpoint });
  };
  for (const [p, path] of parties(inv)) {
    add(p.electronicAddress?.id, p.electronicAddress?.schemeId, `${path}.electronicAddress.id`, true);
    (p.identifiers ?? []).forEach((x, i) => add(x.id, x.schemeId, `${path}.identifiers[${i}].id`, false));
    add(p.legalRegistrationId, p.legalRegistrationSchemeId, `${path}.legalRegistrationId`, false);
  }
  return out;
});

/** PEPPOL-COMMON-R040…R050: identifiers with a known scheme have that scheme's form and check digits. */
const SCHEME_RULES = SCHEME_CHECKS.map((c) =>
  peppolRule({
    id: c.id,
    severity: c.severity,
    description: `Identifiers with scheme ${c.scheme} are a valid ${c.name}`,
    fieldPath: 'seller.electronicAddress.id',
    hint: 'The identifier is mistyped; compare with the supplier master data and ask for a corrected invoice.',
    check(inv, report) {
      for (const x of idsByScheme(inv).get(c.scheme) ?? []) {
        if (c.endpointOnly && !x.endpoint) continue;
        if (!c.valid(normalizeSpace(x.id)))
          report({ fieldPath: x.path, message: `${c.name}: ${x.id} is not valid.`, expected: c.name, actual: x.id });
      }
    },
  }),
);

/** The Peppol BIS Billing 3.0 rules judged on the canonical invoice. */
export const PEPPOL_CANONICAL_RULES: RuleDefinition[] = [
  R001,
  R002,
  R003,
  R004,
  R005,
  R007,
  R010,
  R020,
  R040,
  R041,
  R042,
  R046,
  R055,
  R061,
  R110,
  R111,
  R120,
  R121,
  P0100,
  P0101,
  ...VATEX_RULES,
  P0112,
  CL002,
  CL003,
  CL006,
  CL008,
  F001,
  ...SCHEME_RULES,
];
