import type { RuleDefinition } from '../../engine/rule';
import { en16931Rule } from './support/en16931-rule.util';
import { expectedTaxCents, type InvoiceFacts, present } from './support/invoice-facts.util';
import { type Dec, fmt, ONE, round2, toCents, xround, ZERO } from './support/decimal.util';

/**
 * BR-CO arithmetic and consistency rules. Comparisons follow the official Schematron exactly: sums
 * are rounded to two decimals (half up) before comparing, which is what lets line-level rounding
 * (CII-BR-CO-10-RoundingIssue) pass, and BR-CO-17 allows the standard's ±1 unit on VAT amounts.
 */

const totalsHint =
  "Recalculate the totals from the lines; if the supplier's figures are right, a line or allowance is missing.";

export const DOCUMENT_TOTALS_RULES: RuleDefinition[] = [
  en16931Rule({
    id: 'BR-CO-04',
    category: 'data-quality',
    description: 'Each invoice line (BG-25) shall be categorized with an invoiced item VAT category code (BT-151).',
    hint: 'Add the VAT category of the line (S standard, Z zero, E exempt, AE reverse charge, K intra-EU, G export, O outside scope).',
    check(f, report) {
      f.lineCats.forEach((c, i) => {
        if (!c) report({ fieldPath: `lines[${i}].vatCategory`, expected: 'a VAT category code', actual: '(missing)' });
      });
    },
  }),
  en16931Rule({
    id: 'BR-CO-10',
    category: 'data-quality',
    description: 'Sum of invoice line net amounts (BT-106) = Σ invoice line net amount (BT-131).',
    hint: totalsHint,
    check(f, report) {
      const stated = f.inv.totals?.lineNetTotal;
      if (stated === undefined) return; // BR-12 reports the missing total
      // Plain two-decimal amounts: the cent sum is exact and needs no rounding, so equal cents is a pass.
      const sumCents = f.lineNetCents();
      if (sumCents !== null && sumCents === toCents(stated)) return;
      const expected = round2(f.lineNetSum());
      const actual = f.dec(stated);
      if (!actual || !actual.eq(expected)) {
        report({
          fieldPath: 'totals.lineNetTotal',
          message: `Sum of line net amounts is ${expected.toFixed(2)} but the invoice states ${stated}.`,
          expected: expected.toFixed(2),
          actual: stated,
        });
      }
    },
  }),
  en16931Rule({
    id: 'BR-CO-11',
    category: 'data-quality',
    description: 'Sum of allowances on document level (BT-107) = Σ document level allowance amounts (BT-92).',
    hint: totalsHint,
    check(f, report) {
      const stated = f.inv.totals?.allowanceTotal;
      if (!f.inv.totals) return;
      if (stated === undefined && f.docAllowances.length === 0) return;
      let sum: Dec = ZERO;
      for (const { ac } of f.docAllowances) sum = sum.plus(f.dec(ac.amount) ?? ZERO);
      const expected = round2(sum);
      const actual = f.dec(stated);
      if (!actual || !actual.eq(expected))
        report({ fieldPath: 'totals.allowanceTotal', expected: expected.toFixed(2), actual: stated ?? '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-CO-12',
    category: 'data-quality',
    description: 'Sum of charges on document level (BT-108) = Σ document level charge amounts (BT-99).',
    hint: totalsHint,
    check(f, report) {
      const stated = f.inv.totals?.chargeTotal;
      if (!f.inv.totals) return;
      if (stated === undefined && f.docCharges.length === 0) return;
      let sum: Dec = ZERO;
      for (const { ac } of f.docCharges) sum = sum.plus(f.dec(ac.amount) ?? ZERO);
      const expected = round2(sum);
      const actual = f.dec(stated);
      if (!actual || !actual.eq(expected))
        report({ fieldPath: 'totals.chargeTotal', expected: expected.toFixed(2), actual: stated ?? '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-CO-13',
    category: 'data-quality',
    description:
      'Invoice total amount without VAT (BT-109) = Σ line net amounts (BT-106) − allowances (BT-107) + charges (BT-108).',
    hint: totalsHint,
    check(f, report) {
      const t = f.inv.totals;
      if (!t) return;
      // Plain two-decimal totals: the exact cent sum needs no rounding, so equal cents is a pass.
      const lineNetCents = toCents(t.lineNetTotal);
      const allowanceCents = t.allowanceTotal === undefined ? 0 : toCents(t.allowanceTotal);
      const chargeCents = t.chargeTotal === undefined ? 0 : toCents(t.chargeTotal);
      const exclusiveCents = toCents(t.taxExclusive);
      if (
        lineNetCents !== null &&
        allowanceCents !== null &&
        chargeCents !== null &&
        exclusiveCents !== null &&
        lineNetCents + chargeCents - allowanceCents === exclusiveCents
      )
        return;
      const lineNet = f.dec(t.lineNetTotal);
      const exclusive = f.dec(t.taxExclusive);
      const allowances = t.allowanceTotal === undefined ? null : f.dec(t.allowanceTotal);
      const charges = t.chargeTotal === undefined ? null : f.dec(t.chargeTotal);
      let expected: Dec | null = null;
      if (lineNet && (t.allowanceTotal === undefined || allowances) && (t.chargeTotal === undefined || charges)) {
        const raw = lineNet.plus(charges ?? ZERO).minus(allowances ?? ZERO);
        expected = allowances || charges ? round2(raw) : raw;
      }
      if (!expected || !exclusive || !exclusive.eq(expected)) {
        report({
          fieldPath: 'totals.taxExclusive',
          expected: fmt(expected && round2(expected)),
          actual: t.taxExclusive ?? '(missing)',
        });
      }
    },
  }),
  en16931Rule({
    id: 'BR-CO-14',
    category: 'data-quality',
    description: 'Invoice total VAT amount (BT-110) = Σ VAT category tax amounts (BT-117).',
    hint: 'Add up the VAT of the breakdown; the VAT total must equal that sum.',
    check(f, report) {
      if (f.breakdown.length === 0) return;
      const statedCents = toCents(f.inv.totals?.taxTotal);
      if (statedCents !== null) {
        // Plain two-decimal amounts: equal exact cent sums is a pass. Exact while the running sum is a safe
        // integer (as addCents; written out, this runs for every invoice and keeps the sum a plain number).
        let cents = 0;
        let exact = true;
        for (const b of f.breakdown) {
          const c = b.taxAmount === undefined ? 0 : toCents(b.taxAmount);
          if (c === null || !Number.isSafeInteger((cents += c))) {
            exact = false;
            break;
          }
        }
        if (exact && cents === statedCents) return;
      }
      let sum: Dec = ZERO;
      for (const b of f.breakdown) sum = sum.plus(f.dec(b.taxAmount) ?? ZERO);
      const expected = round2(sum);
      const stated = f.inv.totals?.taxTotal;
      // CII may omit TaxTotalAmount (e.g. category O only); its binding then has nothing to compare.
      if (stated === undefined && f.format === 'cii') return;
      const actual = f.dec(stated);
      if (!actual || !actual.eq(expected))
        report({ fieldPath: 'totals.taxTotal', expected: expected.toFixed(2), actual: stated ?? '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-CO-15',
    category: 'data-quality',
    description: 'Invoice total amount with VAT (BT-112) = total without VAT (BT-109) + total VAT amount (BT-110).',
    hint: 'Total with VAT must be the total without VAT plus the VAT total.',
    check(f, report) {
      // The Schematron evaluates this for the document currency; without one it has nothing to compare.
      if (!present(f.inv.currency)) return;
      const t = f.inv.totals ?? {};
      // The VAT total as one plain value (the stated total, or the one VAT total written in the document
      // currency): total without VAT + VAT = total with VAT holds exactly in cents.
      const exclusiveCents = toCents(t.taxExclusive);
      const vatCents = toCents(f.inv.taxTotals ? vatTotalWrittenInDocumentCurrency(f) : t.taxTotal);
      const inclusiveCents = toCents(t.taxInclusive);
      if (
        exclusiveCents !== null &&
        vatCents !== null &&
        inclusiveCents !== null &&
        exclusiveCents + vatCents === inclusiveCents
      )
        return;
      const exclusive = f.dec(t.taxExclusive);
      const inclusive = f.dec(t.taxInclusive);
      const vat = vatTotalInDocumentCurrency(f);
      const expected = exclusive && vat ? round2(exclusive.plus(vat)) : null;
      let ok = !!expected && !!inclusive && inclusive.eq(expected);
      // CII binding: a total with VAT equal to the total without VAT needs no VAT total at all.
      if (!ok && f.format === 'cii' && exclusive && inclusive && inclusive.eq(exclusive)) ok = true;
      if (!ok)
        report({ fieldPath: 'totals.taxInclusive', expected: fmt(expected), actual: t.taxInclusive ?? '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-CO-16',
    category: 'data-quality',
    description:
      'Amount due for payment (BT-115) = total with VAT (BT-112) − paid amount (BT-113) + rounding amount (BT-114).',
    hint: 'Amount due must be the total with VAT minus prepayments plus the rounding amount.',
    check(f, report) {
      const t = f.inv.totals;
      if (!t) return;
      // Plain two-decimal amounts: payable − rounding = total with VAT − paid holds exactly in cents.
      const payableCents = toCents(t.payable);
      const inclusiveCents = toCents(t.taxInclusive);
      const prepaidCents = t.prepaid === undefined ? 0 : toCents(t.prepaid);
      const roundingCents = t.rounding === undefined ? 0 : toCents(t.rounding);
      if (
        payableCents !== null &&
        inclusiveCents !== null &&
        prepaidCents !== null &&
        roundingCents !== null &&
        payableCents - roundingCents === inclusiveCents - prepaidCents
      )
        return;
      const payable = f.dec(t.payable);
      const inclusive = f.dec(t.taxInclusive);
      // As in the Schematron, a zero paid or rounding amount counts as absent.
      const prepaid = f.dec(t.prepaid);
      const rounding = f.dec(t.rounding);
      const p = prepaid && !prepaid.isZero() ? prepaid : null;
      const r = rounding && !rounding.isZero() ? rounding : null;
      let ok = false;
      let expected: Dec | null = null;
      if (payable && inclusive) {
        const due = p ? round2(inclusive.minus(p)) : inclusive;
        expected = r ? due.plus(r) : due;
        ok = r ? round2(payable.minus(r)).eq(due) : payable.eq(due);
      }
      if (!ok) report({ fieldPath: 'totals.payable', expected: fmt(expected), actual: t.payable ?? '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-CO-17',
    category: 'data-quality',
    description:
      'VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) × (VAT category rate (BT-119) / 100), rounded to two decimals.',
    hint: 'Recalculate the VAT of this breakdown as taxable amount × rate; a different rate or a missing line is the usual cause.',
    check(f, report) {
      f.breakdown.forEach((b, i) => {
        // Plain amounts and a rate of at least 0.5 (round(rate) ≠ 0): decided exactly in cents.
        const expectedCents = expectedTaxCents(b, 50);
        const taxCents = expectedCents === null ? null : toCents(b.taxAmount);
        if (taxCents !== null) {
          const diffCents = Math.abs(Math.abs(taxCents) - expectedCents!);
          if (f.format === 'cii' ? diffCents <= 100 : diffCents < 100) return;
        }
        const tax = f.dec(b.taxAmount);
        const taxable = f.dec(b.taxableAmount);
        if (!tax || !taxable) return; // BR-45 / BR-46 report what is missing
        const rate = present(b.rate) ? f.dec(b.rate) : null;
        let ok: boolean;
        let expected: Dec;
        if (!rate || xround(rate).isZero()) {
          expected = ZERO;
          ok = present(b.rate) && !rate ? false : xround(tax).isZero();
        } else {
          expected = round2(taxable.abs().times(rate).div(100));
          // UBL binding: strictly within one unit; CII binding: one unit inclusive.
          const diff = tax.abs().minus(expected).abs();
          ok = f.format === 'cii' ? diff.lte(ONE) : diff.lt(ONE);
        }
        if (!ok)
          report({ fieldPath: `vatBreakdown[${i}].taxAmount`, expected: expected.toFixed(2), actual: b.taxAmount });
      });
    },
  }),
  en16931Rule({
    id: 'BR-CO-18',
    category: 'data-quality',
    description: 'An invoice shall at least have one VAT breakdown group (BG-23).',
    hint: 'Add the VAT breakdown: one group per VAT category and rate used on the lines.',
    check(f, report) {
      if (f.breakdown.length === 0)
        report({ fieldPath: 'vatBreakdown', expected: 'at least 1 VAT breakdown', actual: '0' });
    },
  }),
  en16931Rule({
    id: 'BR-CO-19',
    category: 'data-quality',
    description: 'If the invoicing period (BG-14) is used, its start date (BT-73) or end date (BT-74) shall be filled.',
    hint: 'Fill the invoicing period dates or remove the period.',
    check(f, report) {
      const p = f.inv.invoicePeriod;
      // In UBL the period element also carries the VAT point date code (BT-8), which alone is enough.
      if (f.format !== 'cii' && present(f.inv.taxPointDateCode)) return;
      if (p && !present(p.startDate) && !present(p.endDate))
        report({ fieldPath: 'invoicePeriod', expected: 'a start or end date', actual: '(empty)' });
    },
  }),
  en16931Rule({
    id: 'BR-CO-20',
    category: 'data-quality',
    description:
      'If the invoice line period (BG-26) is used, its start date (BT-134) or end date (BT-135) shall be filled.',
    hint: 'Fill the line period dates or remove the period.',
    check(f, report) {
      f.lines.forEach((l, i) => {
        if (l.period && !present(l.period.startDate) && !present(l.period.endDate))
          report({ fieldPath: `lines[${i}].period`, expected: 'a start or end date', actual: '(empty)' });
      });
    },
  }),
  en16931Rule({
    id: 'BR-CO-03',
    category: 'data-quality',
    description: 'Value added tax point date (BT-7) and value added tax point date code (BT-8) are mutually exclusive.',
    hint: 'Give either the VAT point date or the VAT point date code, not both.',
    check(f, report) {
      if (present(f.inv.taxPointDate) && present(f.inv.taxPointDateCode)) {
        report({
          fieldPath: 'taxPointDateCode',
          expected: 'absent when the VAT point date is given',
          actual: f.inv.taxPointDateCode,
        });
      }
    },
  }),
  ...reasonRules(),
  en16931Rule({
    id: 'BR-CO-25',
    category: 'data-quality',
    description:
      'If the amount due for payment (BT-115) is positive, the payment due date (BT-9) or the payment terms (BT-20) shall be present.',
    hint: 'Add the due date or the payment terms so the invoice can be scheduled for payment.',
    check(f, report) {
      // Credit notes are refunds: the standard asks a due date of invoices only.
      if (f.inv.documentKind === 'credit_note') return;
      const payable = f.dec(f.inv.totals?.payable);
      if (payable && payable.gt(0) && !present(f.inv.dueDate) && !present(f.inv.paymentTerms)) {
        report({ fieldPath: 'dueDate', expected: 'a due date or payment terms', actual: '(missing)' });
      }
    },
  }),
  en16931Rule({
    id: 'BR-CO-26',
    category: 'data-quality',
    description:
      'The seller identifier (BT-29), the seller legal registration identifier (BT-30) and/or the seller VAT identifier (BT-31) shall be present.',
    hint: 'Add the seller VAT id or company registration number so the supplier can be identified.',
    check(f, report) {
      const s = f.inv.seller;
      const ok = f.sellerVatId || present(s?.legalRegistrationId) || (s?.identifiers ?? []).some((i) => present(i.id));
      if (!ok)
        report({
          fieldPath: 'seller.vatId',
          expected: 'a VAT id, legal registration id or seller identifier',
          actual: '(missing)',
        });
    },
  }),
];

/**
 * BT-110 as the Schematron reads it: exactly one VAT total in the document currency. With the VAT
 * totals as written (XML), none or several in that currency give null; JSON carries the one value.
 */
function vatTotalInDocumentCurrency(f: InvoiceFacts): Dec | null {
  const written = f.inv.taxTotals;
  if (!written) return f.dec(f.inv.totals?.taxTotal);
  const amount = vatTotalWrittenInDocumentCurrency(f);
  return amount === undefined ? null : f.dec(amount);
}

/** The amount of the one VAT total written in the document currency, undefined unless exactly one is. */
function vatTotalWrittenInDocumentCurrency(f: InvoiceFacts): string | undefined {
  const currency = f.inv.currency?.trim();
  let found: string | undefined;
  let count = 0;
  for (const t of f.inv.taxTotals ?? []) {
    if (t.currency?.trim() !== currency) continue;
    found = t.amount;
    count++;
  }
  return count === 1 ? found : undefined;
}

function reasonRules(): RuleDefinition[] {
  const mk = (id: string, level: 'doc' | 'line', charge: boolean, description: string) =>
    en16931Rule({
      id,
      category: 'data-quality',
      description,
      hint: 'State the reason (text or UNCL 5189/7161 code) for the allowance or charge.',
      check(f, report) {
        const missing = (ac: { reason?: string; reasonCode?: string }) =>
          !present(ac.reason) && !present(ac.reasonCode);
        if (level === 'doc') {
          for (const { ac, index } of charge ? f.docCharges : f.docAllowances) {
            if (missing(ac))
              report({
                fieldPath: `allowanceCharges[${index}].reason`,
                expected: 'a reason or reason code',
                actual: '(missing)',
              });
          }
          return;
        }
        f.lines.forEach((l, li) =>
          (l.allowanceCharges ?? []).forEach((ac, ai) => {
            if (ac.chargeIndicator === charge && missing(ac))
              report({
                fieldPath: `lines[${li}].allowanceCharges[${ai}].reason`,
                expected: 'a reason or reason code',
                actual: '(missing)',
              });
          }),
        );
      },
    });
  return [
    mk(
      'BR-CO-21',
      'doc',
      false,
      'Each document level allowance (BG-20) shall contain a reason (BT-97) or a reason code (BT-98), or both.',
    ),
    mk(
      'BR-CO-22',
      'doc',
      true,
      'Each document level charge (BG-21) shall contain a reason (BT-104) or a reason code (BT-105), or both.',
    ),
    mk(
      'BR-CO-23',
      'line',
      false,
      'Each invoice line allowance (BG-27) shall contain a reason (BT-139) or a reason code (BT-140), or both.',
    ),
    mk(
      'BR-CO-24',
      'line',
      true,
      'Each invoice line charge (BG-28) shall contain a reason (BT-144) or a reason code (BT-145), or both.',
    ),
  ];
}
