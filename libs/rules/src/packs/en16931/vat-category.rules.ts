import type { RuleContext, RuleDefinition } from '../../engine/rule';
import { en16931Rule, en16931Rule as baseRule } from './support/en16931-rule.util';
import { cat, expectedTaxCents, factsOf, type InvoiceFacts, present, roundsTo } from './support/invoice-facts.util';
import { type Dec, ONE, round2, toCents, xround } from './support/decimal.util';

/**
 * VAT category rules (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-IG, BR-IP): the same ten
 * questions asked per UNCL 5305 category, with the official per-category differences kept as data.
 */

interface CategorySpec {
  code: string;
  prefix: string;
  label: string;
  /** -01: 'atLeastOne' (S, L, M) or 'exactlyOne' breakdown of the category. */
  breakdown: 'atLeastOne' | 'exactlyOne';
  /** -02/-03/-04: which identifiers must (or, for O, must not) be present. */
  ids: 'sellerTax' | 'sellerVat' | 'sellerTaxAndBuyer' | 'sellerVatAndBuyerVat' | 'none';
  /** -05/-06/-07: rate rule. */
  rate: 'positive' | 'zero' | 'absent' | 'nonNegative';
  /** -08: taxable amount per rate within ±1 (S, L, M) or exact per category. */
  taxable: 'perRate' | 'exact';
  /** -09: tax = taxable × rate (±1) or zero. */
  tax: 'computed' | 'zero';
  /** -10: exemption reason required or forbidden. */
  exemption: 'required' | 'forbidden';
}

const CATEGORIES: CategorySpec[] = [
  {
    code: 'S',
    prefix: 'BR-S',
    label: 'Standard rated',
    breakdown: 'atLeastOne',
    ids: 'sellerTax',
    rate: 'positive',
    taxable: 'perRate',
    tax: 'computed',
    exemption: 'forbidden',
  },
  {
    code: 'Z',
    prefix: 'BR-Z',
    label: 'Zero rated',
    breakdown: 'exactlyOne',
    ids: 'sellerTax',
    rate: 'zero',
    taxable: 'exact',
    tax: 'zero',
    exemption: 'forbidden',
  },
  {
    code: 'E',
    prefix: 'BR-E',
    label: 'Exempt from VAT',
    breakdown: 'exactlyOne',
    ids: 'sellerTax',
    rate: 'zero',
    taxable: 'exact',
    tax: 'zero',
    exemption: 'required',
  },
  {
    code: 'AE',
    prefix: 'BR-AE',
    label: 'Reverse charge',
    breakdown: 'exactlyOne',
    ids: 'sellerTaxAndBuyer',
    rate: 'zero',
    taxable: 'exact',
    tax: 'zero',
    exemption: 'required',
  },
  {
    code: 'K',
    prefix: 'BR-IC',
    label: 'Intra-community supply',
    breakdown: 'exactlyOne',
    ids: 'sellerVatAndBuyerVat',
    rate: 'zero',
    taxable: 'exact',
    tax: 'zero',
    exemption: 'required',
  },
  {
    code: 'G',
    prefix: 'BR-G',
    label: 'Export outside the EU',
    breakdown: 'exactlyOne',
    ids: 'sellerVat',
    rate: 'zero',
    taxable: 'exact',
    tax: 'zero',
    exemption: 'required',
  },
  {
    code: 'O',
    prefix: 'BR-O',
    label: 'Not subject to VAT',
    breakdown: 'exactlyOne',
    ids: 'none',
    rate: 'absent',
    taxable: 'exact',
    tax: 'zero',
    exemption: 'required',
  },
  {
    code: 'L',
    prefix: 'BR-IG',
    label: 'IGIC (Canary Islands)',
    breakdown: 'atLeastOne',
    ids: 'sellerTax',
    rate: 'nonNegative',
    taxable: 'perRate',
    tax: 'computed',
    exemption: 'forbidden',
  },
  {
    code: 'M',
    prefix: 'BR-IP',
    label: 'IPSI (Ceuta and Melilla)',
    breakdown: 'atLeastOne',
    ids: 'sellerTax',
    rate: 'nonNegative',
    taxable: 'perRate',
    tax: 'computed',
    exemption: 'forbidden',
  },
];

const ID_TEXT: Record<CategorySpec['ids'], string> = {
  sellerTax:
    'the seller VAT identifier (BT-31), the seller tax registration identifier (BT-32) and/or the seller tax representative VAT identifier (BT-63)',
  sellerVat: 'the seller VAT identifier (BT-31) or the seller tax representative VAT identifier (BT-63)',
  sellerTaxAndBuyer:
    'the seller VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative VAT identifier (BT-63), and the buyer VAT identifier (BT-48) or legal registration identifier (BT-47)',
  sellerVatAndBuyerVat:
    'the seller VAT identifier (BT-31) or the seller tax representative VAT identifier (BT-63), and the buyer VAT identifier (BT-48)',
  none: 'no seller VAT identifier (BT-31), seller tax representative VAT identifier (BT-63) or buyer VAT identifier (BT-48)',
};

function idsOk(f: InvoiceFacts, ids: CategorySpec['ids']): { ok: boolean; path: string } {
  switch (ids) {
    case 'sellerTax':
      return { ok: f.sellerTaxId || f.taxRepVatId, path: 'seller.vatId' };
    case 'sellerVat':
      return { ok: f.sellerVatId || f.taxRepVatId, path: 'seller.vatId' };
    case 'sellerTaxAndBuyer':
      if (!(f.sellerTaxId || f.taxRepVatId)) return { ok: false, path: 'seller.vatId' };
      return { ok: f.buyerVatId || f.buyerLegalId, path: 'buyer.vatId' };
    case 'sellerVatAndBuyerVat':
      if (!(f.sellerVatId || f.taxRepVatId)) return { ok: false, path: 'seller.vatId' };
      return { ok: f.buyerVatId, path: 'buyer.vatId' };
    case 'none':
      if (f.sellerVatId) return { ok: false, path: 'seller.vatId' };
      if (f.taxRepVatId) return { ok: false, path: 'sellerTaxRepresentative.vatId' };
      return { ok: !f.buyerVatId, path: 'buyer.vatId' };
  }
}

function rateOk(f: InvoiceFacts, rule: CategorySpec['rate'], rate: string | undefined): boolean {
  if (rule === 'absent') return rate === undefined;
  const r = f.dec(rate);
  if (!r) return false;
  // Sign tests, not gt(0) / gte(0): a comparison makes a decimal of its argument, on every line.
  if (rule === 'positive') return r.isPositive() && !r.isZero();
  if (rule === 'zero') return r.isZero();
  return r.isPositive() || r.isZero();
}

const RATE_TEXT: Record<CategorySpec['rate'], string> = {
  positive: '> 0',
  zero: '0',
  absent: 'no rate',
  nonNegative: '>= 0',
};

function rulesFor(c: CategorySpec): RuleDefinition[] {
  // Every rule of a category is silent unless the category appears somewhere on the invoice: the
  // engine asks that once for the category's rules (when), and each rule still checks it itself.
  const touched = (ctx: RuleContext) => factsOf(ctx).touchedCats.has(c.code);
  const en16931Rule = (spec: Parameters<typeof baseRule>[0]) =>
    baseRule({
      ...spec,
      when: touched,
      check: (f, report, ctx) => (f.touchedCats.has(c.code) ? spec.check(f, report, ctx) : undefined),
    });
  const regulatory = 'regulatory' as const;
  const p = c.prefix;
  const q = `"${c.label}" (${c.code})`;
  const rules: RuleDefinition[] = [];

  rules.push(
    en16931Rule({
      id: `${p}-01`,
      category: regulatory,
      description: `An invoice with a line, allowance or charge of VAT category ${q} shall contain ${c.breakdown === 'atLeastOne' ? 'at least one' : 'exactly one'} VAT breakdown (BG-23) of that category.`,
      hint: `Make the VAT breakdown match the categories used on lines, allowances and charges (${c.code}).`,
      check(f, report) {
        const inBreakdown = f.breakdownCats.filter((x) => x === c.code).length;
        const used = f.lineCats.includes(c.code) || hasDocAc(f, c.code) || lineAcUses(f, c.code);
        if (c.breakdown === 'atLeastOne') {
          if (used !== inBreakdown > 0)
            report({
              fieldPath: 'vatBreakdown',
              expected: used ? `a ${c.code} breakdown` : `no ${c.code} breakdown without ${c.code} lines`,
              actual: `${inBreakdown} ${c.code} breakdown(s)`,
            });
        } else if ((used || inBreakdown > 0) && inBreakdown !== 1) {
          report({ fieldPath: 'vatBreakdown', expected: `exactly 1 ${c.code} breakdown`, actual: `${inBreakdown}` });
        }
      },
    }),
  );

  const idRule = (suffix: string, what: string, applies: (f: InvoiceFacts) => boolean) =>
    en16931Rule({
      id: `${p}-${suffix}`,
      category: regulatory,
      description: `An invoice that contains ${what} of VAT category ${q} shall contain ${ID_TEXT[c.ids]}.`,
      hint:
        c.ids === 'none'
          ? 'Supplies outside the scope of VAT carry no VAT identifiers; remove them or correct the VAT category.'
          : 'Add the missing VAT identifier(s), or correct the VAT category if the supply is taxed differently.',
      check(f, report) {
        if (!applies(f)) return;
        const r = idsOk(f, c.ids);
        if (!r.ok)
          report({
            fieldPath: r.path,
            expected: c.ids === 'none' ? 'absent' : 'present',
            actual: c.ids === 'none' ? 'present' : '(missing)',
          });
      },
    });
  rules.push(idRule('02', 'an invoice line (BG-25)', (f) => f.lineCats.includes(c.code)));
  rules.push(
    idRule('03', 'a document level allowance (BG-20)', (f) =>
      f.docAllowances.some(({ ac }) => cat(ac.vatCategory) === c.code),
    ),
  );
  rules.push(
    idRule('04', 'a document level charge (BG-21)', (f) =>
      f.docCharges.some(({ ac }) => cat(ac.vatCategory) === c.code),
    ),
  );

  const rateDesc = c.rate === 'absent' ? 'shall not contain a VAT rate' : `shall have a VAT rate ${RATE_TEXT[c.rate]}`;
  const rateHint =
    c.rate === 'absent'
      ? 'Remove the VAT rate: category O has none.'
      : `Set the VAT rate to ${RATE_TEXT[c.rate]} for category ${c.code}, or correct the category.`;
  rules.push(
    en16931Rule({
      id: `${p}-05`,
      category: regulatory,
      description: `An invoice line (BG-25) of VAT category ${q} ${rateDesc} (BT-152).`,
      hint: rateHint,
      check(f, report) {
        f.lines.forEach((l, i) => {
          if (f.lineCats[i] === c.code && !rateOk(f, c.rate, l.vatRate))
            report({ fieldPath: `lines[${i}].vatRate`, expected: RATE_TEXT[c.rate], actual: l.vatRate ?? '(missing)' });
        });
      },
    }),
  );
  const acRate = (suffix: string, charge: boolean) =>
    en16931Rule({
      id: `${p}-${suffix}`,
      category: regulatory,
      description: `A document level ${charge ? 'charge (BG-21)' : 'allowance (BG-20)'} of VAT category ${q} ${rateDesc} (${charge ? 'BT-103' : 'BT-96'}).`,
      hint: rateHint,
      check(f, report) {
        for (const { ac, index } of charge ? f.docCharges : f.docAllowances) {
          if (cat(ac.vatCategory) === c.code && !rateOk(f, c.rate, ac.vatRate))
            report({
              fieldPath: `allowanceCharges[${index}].vatRate`,
              expected: RATE_TEXT[c.rate],
              actual: ac.vatRate ?? '(missing)',
            });
        }
      },
    });
  rules.push(acRate('06', false), acRate('07', true));

  rules.push(
    en16931Rule({
      id: `${p}-08`,
      category: regulatory,
      description:
        c.taxable === 'perRate'
          ? `For each VAT rate of category ${q}, the VAT category taxable amount (BT-116) shall equal the sum of line net amounts plus charges minus allowances of that category and rate.`
          : `In a VAT breakdown of category ${q}, the taxable amount (BT-116) shall equal the sum of line net amounts minus allowances plus charges of that category.`,
      hint: 'Recompute the taxable amount of this VAT breakdown from the lines, allowances and charges of the same category and rate.',
      check(f, report) {
        f.breakdown.forEach((b, i) => {
          if (f.breakdownCats[i] !== c.code) return;
          const taxable = f.dec(b.taxableAmount);
          if (c.taxable === 'exact') {
            const expected = f.categoryBase(c.code);
            if (f.lines.length === 0 || !taxable || !taxable.eq(expected))
              report({
                fieldPath: `vatBreakdown[${i}].taxableAmount`,
                expected: expected.toFixed(),
                actual: b.taxableAmount ?? '(missing)',
              });
            return;
          }
          const rate = f.dec(b.rate);
          if (!rate) return; // "every $rate in ()" holds: nothing to compare without a rate
          const r = xround(rate);
          const anyMatch = c.code === 'S' ? usesCategoryRate(f, c.code, r) : f.lines.length > 0;
          if (anyMatch) {
            // Plain two-decimal amounts: |taxable − base| < 1 decided exactly in cents, no decimals needed.
            const baseCents = f.categoryBaseCents(c.code, r);
            const taxableCents = baseCents === null ? null : toCents(b.taxableAmount);
            if (taxableCents !== null && Math.abs(taxableCents - baseCents!) < 100) return;
          }
          const expected = f.categoryBase(c.code, r);
          const ok = anyMatch && !!taxable && taxable.minus(ONE).lt(expected) && taxable.plus(ONE).gt(expected);
          if (!ok)
            report({
              fieldPath: `vatBreakdown[${i}].taxableAmount`,
              expected: expected.toFixed(),
              actual: b.taxableAmount ?? '(missing)',
            });
        });
      },
    }),
  );

  rules.push(
    en16931Rule({
      id: `${p}-09`,
      category: regulatory,
      description:
        c.tax === 'zero'
          ? `The VAT category tax amount (BT-117) of a VAT breakdown of category ${q} shall be 0.`
          : `The VAT category tax amount (BT-117) of category ${q} shall equal the taxable amount (BT-116) multiplied by the rate (BT-119).`,
      hint:
        c.tax === 'zero'
          ? `Category ${c.code} carries no VAT: set the breakdown VAT to 0 or correct the category.`
          : 'Recompute the VAT of this breakdown as taxable amount × rate.',
      check(f, report) {
        f.breakdown.forEach((b, i) => {
          if (f.breakdownCats[i] !== c.code) return;
          const tax = f.dec(b.taxAmount);
          if (c.tax === 'zero') {
            if (!tax || !tax.isZero())
              report({ fieldPath: `vatBreakdown[${i}].taxAmount`, expected: '0', actual: b.taxAmount ?? '(missing)' });
            return;
          }
          if (c.code === 'S') {
            // Plain amounts and a non-negative rate: ||tax| − expected| < 1 decided exactly in cents.
            const expectedCents = expectedTaxCents(b, 0);
            const taxCents = expectedCents === null ? null : toCents(b.taxAmount);
            if (taxCents !== null && Math.abs(Math.abs(taxCents) - expectedCents!) < 100) return;
          }
          const taxable = f.dec(b.taxableAmount);
          const rate = f.dec(b.rate);
          const expected: Dec | null = taxable && rate ? round2(taxable.abs().times(rate).div(100)) : null;
          let ok = false;
          if (expected && tax) {
            // BR-S-09 compares |tax| ± 1; BR-IG/IP-09 compare |tax ∓ 1| (same for positive amounts).
            ok =
              c.code === 'S'
                ? tax.abs().minus(ONE).lt(expected) && tax.abs().plus(ONE).gt(expected)
                : tax.minus(ONE).abs().lt(expected) && tax.plus(ONE).abs().gt(expected);
          }
          if (!ok)
            report({
              fieldPath: `vatBreakdown[${i}].taxAmount`,
              expected: expected ? expected.toFixed(2) : 'taxable × rate',
              actual: b.taxAmount ?? '(missing)',
            });
        });
      },
    }),
  );

  rules.push(
    en16931Rule({
      id: `${p}-10`,
      category: regulatory,
      description:
        c.exemption === 'required'
          ? `A VAT breakdown of category ${q} shall have a VAT exemption reason code (BT-121) or text (BT-120).`
          : `A VAT breakdown of category ${q} shall not have a VAT exemption reason code (BT-121) or text (BT-120).`,
      hint:
        c.exemption === 'required'
          ? `State the legal ground (VATEX code or text) for category ${c.code}, e.g. "Reverse charge" or "Exempt, Art. 132 VAT Directive".`
          : `Remove the exemption reason, or correct the VAT category if the supply is really exempt.`,
      check(f, report) {
        f.breakdown.forEach((b, i) => {
          if (f.breakdownCats[i] !== c.code) return;
          // Presence of the element is what the Schematron tests; an empty string counts as present.
          const has = b.exemptionReason !== undefined || b.exemptionReasonCode !== undefined;
          if (c.exemption === 'required' ? !has : has) {
            report({
              fieldPath: `vatBreakdown[${i}].exemptionReason`,
              expected: c.exemption === 'required' ? 'a reason code or text' : 'none',
              actual: has ? (b.exemptionReasonCode ?? b.exemptionReason ?? '') : '(missing)',
            });
          }
        });
      },
    }),
  );
  return rules;
}

function hasDocAc(f: InvoiceFacts, code: string): boolean {
  return (
    f.docAllowances.some(({ ac }) => cat(ac.vatCategory) === code) ||
    f.docCharges.some(({ ac }) => cat(ac.vatCategory) === code)
  );
}

function lineAcUses(f: InvoiceFacts, code: string): boolean {
  return f.lines.some((l) => (l.allowanceCharges ?? []).some((ac) => cat(ac.vatCategory) === code));
}

function usesCategoryRate(f: InvoiceFacts, code: string, rounded: Dec): boolean {
  const rateOk = roundsTo(rounded);
  const match = (c: string | undefined, rate: string | undefined) => cat(c) === code && rateOk(rate);
  return (
    f.lines.some((l) => match(l.vatCategory, l.vatRate)) ||
    (f.inv.allowanceCharges ?? []).some((ac) => match(ac.vatCategory, ac.vatRate))
  );
}

const EXTRA_RULES: RuleDefinition[] = [
  en16931Rule({
    id: 'BR-IC-11',
    category: 'regulatory',
    description:
      'In an invoice with an "Intra-community supply" (K) VAT breakdown, the actual delivery date (BT-72) or the invoicing period (BG-14) shall not be blank.',
    hint: 'Add the delivery date or the invoicing period; intra-community supplies must show when goods were delivered.',
    check(f, report) {
      if (!f.breakdownCats.includes('K')) return;
      const d = f.inv.delivery?.date;
      const p = f.inv.invoicePeriod;
      if (!(d && d.length > 1) && !(p && (present(p.startDate) || present(p.endDate))))
        report({ fieldPath: 'delivery.date', expected: 'a delivery date or invoicing period', actual: '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-IC-12',
    category: 'regulatory',
    description:
      'In an invoice with an "Intra-community supply" (K) VAT breakdown, the deliver-to country code (BT-80) shall not be blank.',
    hint: 'Add the country the goods were delivered to.',
    check(f, report) {
      if (!f.breakdownCats.includes('K')) return;
      const cc = f.inv.delivery?.address?.countryCode;
      if (!(cc && cc.length > 1))
        report({ fieldPath: 'delivery.address.countryCode', expected: 'a country code', actual: cc ?? '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-O-11',
    category: 'regulatory',
    description:
      'An invoice with a "Not subject to VAT" (O) VAT breakdown shall not contain other VAT breakdown groups.',
    hint: 'An invoice outside the scope of VAT cannot mix in taxed categories; split it or correct the categories.',
    check(f, report) {
      if (!f.breakdownCats.includes('O')) return;
      f.breakdownCats.forEach((c, i) => {
        if (c !== 'O') report({ fieldPath: `vatBreakdown[${i}].category`, expected: 'O', actual: c || '(missing)' });
      });
    },
  }),
  en16931Rule({
    id: 'BR-O-12',
    category: 'regulatory',
    description:
      'An invoice with a "Not subject to VAT" (O) VAT breakdown shall not contain invoice lines of another VAT category.',
    hint: 'Set every line to category O or split the invoice.',
    check(f, report) {
      if (!f.breakdownCats.includes('O')) return;
      f.lineCats.forEach((c, i) => {
        if (c && c !== 'O') report({ fieldPath: `lines[${i}].vatCategory`, expected: 'O', actual: c });
      });
    },
  }),
  en16931Rule({
    id: 'BR-O-13',
    category: 'regulatory',
    description:
      'An invoice with a "Not subject to VAT" (O) VAT breakdown shall not contain document level allowances of another VAT category.',
    hint: 'Set the allowance category to O or split the invoice.',
    check(f, report) {
      if (!f.breakdownCats.includes('O')) return;
      for (const { ac, index } of f.docAllowances) {
        const c = cat(ac.vatCategory);
        if (c && c !== 'O') report({ fieldPath: `allowanceCharges[${index}].vatCategory`, expected: 'O', actual: c });
      }
    },
  }),
  en16931Rule({
    id: 'BR-O-14',
    category: 'regulatory',
    description:
      'An invoice with a "Not subject to VAT" (O) VAT breakdown shall not contain document level charges of another VAT category.',
    hint: 'Set the charge category to O or split the invoice.',
    check(f, report) {
      if (!f.breakdownCats.includes('O')) return;
      for (const { ac, index } of f.docCharges) {
        const c = cat(ac.vatCategory);
        if (c && c !== 'O') report({ fieldPath: `allowanceCharges[${index}].vatCategory`, expected: 'O', actual: c });
      }
    },
  }),
  en16931Rule({
    id: 'BR-CO-09',
    category: 'regulatory',
    description:
      'The seller VAT identifier (BT-31), the seller tax representative VAT identifier (BT-63) and the buyer VAT identifier (BT-48) shall have an ISO 3166-1 alpha-2 prefix (Greece may use EL).',
    hint: 'Write the VAT identifier with its country prefix, e.g. FI02089088 or DE123456789.',
    check(f, report) {
      const check = (path: string, id: string | undefined) => {
        if (id === undefined) return;
        if (!VAT_PREFIXES.has(id.slice(0, 2)))
          report({ fieldPath: path, expected: 'a country prefix (ISO 3166-1 alpha-2 or EL)', actual: id });
      };
      check('seller.vatId', f.inv.seller?.vatId);
      check('sellerTaxRepresentative.vatId', f.inv.sellerTaxRepresentative?.vatId);
      check('buyer.vatId', f.inv.buyer?.vatId);
    },
  }),
];

// The prefix list of BR-CO-09 (ISO 3166-1 alpha-2 as the Schematron lists it, plus EL for Greece).
const VAT_PREFIXES = new Set(
  'AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BL BJ BM BN BO BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CX CY CZ DE DJ DK DM DO DZ EC EE EG EH EL ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR ST SV SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW 1A'.split(
    ' ',
  ),
);

export const VAT_CATEGORY_RULES: RuleDefinition[] = [...CATEGORIES.flatMap(rulesFor), ...EXTRA_RULES];
