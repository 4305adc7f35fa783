import Decimal from 'decimal.js';
import type { CanonicalInvoice } from '@app/domain';
import type { RuleDefinition } from '../../../engine/rule';
import { addressCountry, isUblCreditNote, isXPathNumber, normalizeSpace } from '../../shared/peppol-document.util';
import { defineCountryRule, isBlank, type CountryRuleSpec } from '../shared/country-rule.util';
import { standardCountryRules } from '../shared/standard-country-rules';

/*
 * Danish national rules of Peppol BIS Billing 3 (DK-R-*), with the Schematron's contexts: the
 * supplier's postal address is in Denmark; most rules also need a Danish customer, and the payment
 * means rules (005-011) judge invoices only, not credit notes.
 */
const danishSupplier = (inv: CanonicalInvoice) => addressCountry(inv.seller) === 'DK';
const danishParties = (inv: CanonicalInvoice) => danishSupplier(inv) && addressCountry(inv.buyer) === 'DK';
const danishInvoice = (inv: CanonicalInvoice) => danishParties(inv) && !isUblCreditNote(inv);

const dk = (rule: CountryRuleSpec & { applies: (inv: CanonicalInvoice) => boolean }) =>
  defineCountryRule({
    category: 'data-quality',
    ...rule,
    check: (ctx) => (rule.applies(ctx.invoice) ? rule.check(ctx) : []),
  });

const DK_R_002 = dk({
  id: 'DK-R-002',
  country: 'DK',
  applies: danishSupplier,
  description: 'Danish supplier states its legal entity id (CVR number)',
  check(ctx) {
    if (!isBlank(ctx.invoice.seller?.legalRegistrationId)) return [];
    return [
      {
        fieldPath: 'seller.legalRegistrationId',
        message: 'A Danish supplier must state its CVR number as legal registration id.',
        expected: '8-digit CVR number',
        actual: '',
        hint: 'Take the CVR number from the supplier master data (cvr.dk) and ask the supplier to include it.',
      },
    ];
  },
});

const DK_R_014 = dk({
  id: 'DK-R-014',
  country: 'DK',
  applies: danishSupplier,
  description: 'Danish supplier legal entity id uses scheme 0184 (CVR)',
  check(ctx) {
    const s = ctx.invoice.seller;
    if (s?.legalRegistrationId === undefined || normalizeSpace(s.legalRegistrationSchemeId) === '0184') return [];
    return [
      {
        fieldPath: 'seller.legalRegistrationSchemeId',
        message: 'A Danish supplier must give its legal entity id with scheme 0184 (CVR number).',
        expected: '0184',
        actual: s.legalRegistrationSchemeId ?? '',
        hint: 'Ask the supplier to state the CVR number with scheme 0184.',
      },
    ];
  },
});

const DK_R_016 = dk({
  id: 'DK-R-016',
  country: 'DK',
  applies: (inv) => danishParties(inv) && isUblCreditNote(inv),
  description: 'Danish credit note to a Danish customer does not have a negative amount due',
  check(ctx) {
    const payable = ctx.invoice.totals?.payable;
    if (isBlank(payable)) return [];
    try {
      if (!new Decimal(payable!.trim()).isNegative()) return [];
    } catch {
      return [];
    }
    return [
      {
        fieldPath: 'totals.payable',
        message: 'A Danish credit note cannot have a negative amount due.',
        expected: '>= 0',
        actual: payable,
        hint: 'Credit notes carry positive amounts; ask the supplier for a corrected credit note.',
      },
    ];
  },
});

const DK_R_013 = dk({
  id: 'DK-R-013',
  country: 'DK',
  applies: danishParties,
  description: 'Danish supplier and customer identifiers (BT-29, BT-46) carry a scheme id',
  check(ctx) {
    const out = [];
    for (const role of ['seller', 'buyer'] as const) {
      const ids = ctx.invoice[role]?.identifiers ?? [];
      for (let i = 0; i < ids.length; i++) {
        if (normalizeSpace(ids[i].schemeId) === '')
          out.push({
            fieldPath: `${role}.identifiers[${i}].schemeId`,
            message: `The ${role === 'seller' ? 'supplier' : 'customer'} identifier ${ids[i].id} has no scheme id.`,
            expected: 'a scheme id (e.g. 0184 CVR, 0088 GLN)',
            actual: '',
            hint: 'Ask the supplier to state the identifier scheme.',
          });
      }
    }
    return out;
  },
});

const DK_PAYMENT_MEANS = ['1', '10', '31', '42', '48', '49', '50', '58', '59', '93', '97'];

/** One assertion per payment means of a Danish invoice to a Danish customer. */
const dkPayment = (
  id: string,
  description: string,
  problem: (
    pm: NonNullable<CanonicalInvoice['paymentMeans']>[number],
    i: number,
  ) => ReturnType<CountryRuleSpec['check']>,
) =>
  dk({
    id,
    country: 'DK',
    applies: danishInvoice,
    description,
    check: (ctx) => (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) => (pm ? problem(pm, i) : [])),
  });

const code = (pm: { typeCode?: string }) => pm.typeCode ?? '';
const paymentId = (pm: { remittanceInfo?: string }) => pm.remittanceInfo ?? '';
const payeeAccount = (pm: { accounts?: { accountId?: string }[] }) => pm.accounts?.[0]?.accountId ?? '';

const DK_R_005 = dkPayment(
  'DK-R-005',
  `Danish supplier uses payment means code ${DK_PAYMENT_MEANS.join(', ')}`,
  (pm, i) =>
    DK_PAYMENT_MEANS.includes(code(pm))
      ? []
      : [
          {
            fieldPath: `paymentMeans[${i}].typeCode`,
            message: `Payment means code ${pm.typeCode ?? '(none)'} is not allowed for Danish suppliers.`,
            expected: DK_PAYMENT_MEANS.join(', '),
            actual: pm.typeCode ?? '',
            hint: 'Ask the supplier how it wants to be paid (e.g. 31 bank transfer, 58 SEPA, 93 FIK).',
          },
        ],
);

const DK_R_006 = dkPayment(
  'DK-R-006',
  'Danish supplier paying by bank transfer (31, 42) gives account number and bank registration number',
  (pm, i) => {
    if (!['31', '42'].includes(code(pm))) return [];
    const a = pm.accounts?.[0];
    return normalizeSpace(a?.accountId) !== '' && normalizeSpace(a?.bic) !== ''
      ? []
      : [
          {
            fieldPath: `paymentMeans[${i}].accounts`,
            message: 'A Danish bank transfer needs the account number and the bank registration (branch) number.',
            expected: 'account id and branch id',
            actual: JSON.stringify(pm.accounts ?? []),
            hint: 'Ask the supplier for the full payment details; do not take them from another channel.',
          },
        ];
  },
);

const DK_R_007 = dkPayment('DK-R-007', 'Danish direct debit (49) gives mandate id and payer account', (pm, i) =>
  code(pm) !== '49' ||
  (normalizeSpace(pm.directDebit?.mandateId) !== '' && normalizeSpace(pm.directDebit?.debitedAccount) !== '')
    ? []
    : [
        {
          fieldPath: `paymentMeans[${i}].directDebit`,
          message: 'A Danish direct debit (49) needs the mandate reference and the debited account.',
          expected: 'mandate id and payer account id',
          actual: JSON.stringify(pm.directDebit ?? {}),
          hint: 'Ask the supplier for the mandate reference (Betalingsservice).',
        },
      ],
);

const prefix = (pm: { remittanceInfo?: string }) => paymentId(pm).slice(0, 3);

const DK_R_008 = dkPayment(
  'DK-R-008',
  'Danish giro payment (50) has a payment id 01#, 04# or 15# and a giro account of 7-8 digits',
  (pm, i) =>
    code(pm) !== '50' || (['01#', '04#', '15#'].includes(prefix(pm)) && /^[0-9]{7,8}$/.test(payeeAccount(pm)))
      ? []
      : [
          {
            fieldPath: `paymentMeans[${i}].remittanceInfo`,
            message:
              'A Danish giro payment needs a payment id starting 01#, 04# or 15# (kortartkode) and a giro account number of 7 or 8 digits.',
            expected: '01#/04#/15#… and 7-8 digit account',
            actual: `${paymentId(pm)} / ${payeeAccount(pm)}`,
            hint: 'Ask the supplier for the complete giro (indbetalingskort) details.',
          },
        ],
);

const DK_R_009 = dkPayment(
  'DK-R-009',
  'Danish giro payment id 04# / 15# carries the 16-digit instruction id',
  (pm, i) =>
    code(pm) !== '50' || !['04#', '15#'].includes(prefix(pm)) || paymentId(pm).length === 19
      ? []
      : [
          {
            fieldPath: `paymentMeans[${i}].remittanceInfo`,
            message: 'A giro payment id with 04# or 15# must carry the 16-digit instruction id (19 characters in all).',
            expected: '04#1234567890123456',
            actual: paymentId(pm),
            hint: 'Ask the supplier for the complete payment id.',
          },
        ],
);

const DK_R_010 = dkPayment(
  'DK-R-010',
  'Danish FIK payment (93) has a payment id 71#, 73# or 75# and an 8-character creditor number',
  (pm, i) =>
    code(pm) !== '93' || (['71#', '73#', '75#'].includes(prefix(pm)) && payeeAccount(pm).length === 8)
      ? []
      : [
          {
            fieldPath: `paymentMeans[${i}].remittanceInfo`,
            message:
              'A Danish FIK payment needs a payment id starting 71#, 73# or 75# (kortartkode) and an 8-character creditor number.',
            expected: '71#/73#/75#… and 8-character account',
            actual: `${paymentId(pm)} / ${payeeAccount(pm)}`,
            hint: 'Ask the supplier for the complete FIK details.',
          },
        ],
);

const DK_R_011 = dkPayment(
  'DK-R-011',
  'Danish FIK payment id 71# / 75# carries the 15-16 digit instruction id',
  (pm, i) =>
    code(pm) !== '93' || !['71#', '75#'].includes(prefix(pm)) || [18, 19].includes(paymentId(pm).length)
      ? []
      : [
          {
            fieldPath: `paymentMeans[${i}].remittanceInfo`,
            message: 'A FIK payment id with 71# or 75# must carry the 15-16 digit instruction id.',
            expected: '71#123456789012345(6)',
            actual: paymentId(pm),
            hint: 'Ask the supplier for the complete payment id.',
          },
        ],
);

const UNSPSC_VERSIONS = ['19.05.01', '19.0501', '26.08.01', '26.0801'];

const DK_R_003 = dk({
  id: 'DK-R-003',
  country: 'DK',
  severity: 'warning',
  applies: danishParties,
  description: `Danish supplier item classification (UNSPSC, list TST) uses version ${UNSPSC_VERSIONS.join(', ')}`,
  check(ctx) {
    return (ctx.invoice.lines ?? []).flatMap((l, i) => {
      const codes = l?.classificationCodes ?? [];
      if (!codes.some((c) => c.listId === 'TST') || codes.some((c) => UNSPSC_VERSIONS.includes(c.listVersionId ?? '')))
        return [];
      return [
        {
          fieldPath: `lines[${i}].classificationCodes`,
          message: `Line ${l.id ?? i + 1} classifies the item with UNSPSC but not in version 19.05.01 or 26.08.01.`,
          expected: UNSPSC_VERSIONS.join(', '),
          actual: codes.map((c) => c.listVersionId ?? '').join(', '),
          hint: 'Tell the supplier; the invoice can still be processed.',
        },
      ];
    });
  },
});

/** DK-R-004: a non-VAT tax (reason code ZZZ) is named by a 4-digit tax category or a text with an inner #. */
function zzzReasonOk(reason: string | undefined): boolean {
  if (reason === undefined) return false;
  const n = normalizeSpace(reason);
  if (n.length === 4 && isXPathNumber(n) && Number(n) >= 0 && Number(n) <= 9999) return true;
  return reason.includes('#') && !reason.startsWith('#') && !reason.endsWith('#');
}

const DK_R_004 = dk({
  id: 'DK-R-004',
  country: 'DK',
  applies: danishParties,
  description: 'Danish non-VAT taxes (allowance/charge reason ZZZ) give a 4-digit tax category or a #-separated reason',
  check(ctx) {
    const inv = ctx.invoice;
    const all = [
      ...(inv.allowanceCharges ?? []).map((a, i) => [a, `allowanceCharges[${i}]`] as const),
      ...(inv.lines ?? []).flatMap((l, li) =>
        (l?.allowanceCharges ?? []).map((a, i) => [a, `lines[${li}].allowanceCharges[${i}]`] as const),
      ),
    ];
    return all
      .filter(([a]) => a?.reasonCode === 'ZZZ' && !zzzReasonOk(a.reason))
      .map(([a, path]) => ({
        fieldPath: `${path}.reason`,
        message:
          'A Danish non-VAT tax (reason code ZZZ) must name its 4-digit tax category or a reason containing # (not first or last).',
        expected: '4-digit tax category or text#text',
        actual: a.reason ?? '',
        hint: 'Ask the supplier for the tax category of the duty.',
      }));
  },
});

export const DK_RULES: RuleDefinition[] = [
  ...standardCountryRules('DK'),
  DK_R_002,
  DK_R_003,
  DK_R_004,
  DK_R_005,
  DK_R_006,
  DK_R_007,
  DK_R_008,
  DK_R_009,
  DK_R_010,
  DK_R_011,
  DK_R_013,
  DK_R_014,
  DK_R_016,
];
