import type { CanonicalInvoice } from '@app/domain';
import type { RuleDefinition } from '../../../engine/rule';
import { addressCountry, isXPathNumber, normalizeSpace } from '../../shared/peppol-document.util';
import { defineCountryRule, isBlank, type CountryRuleSpec } from '../shared/country-rule.util';
import { standardCountryRules } from '../shared/standard-country-rules';
import { categoryUsesOf } from '../shared/vat-categories.util';

/** Luhn over the 10 digits of a Swedish organisation number (the last digit is the check digit). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Peppol Schematron's u:checkSEOrgnr: digits only, and the 10th digit is the Luhn check digit of the first nine. */
export function checkSeOrgnr(value: string): boolean {
  if (!/^\d+$/.test(value) || value.length < 10) return false;
  return luhnValid(value.slice(0, 10));
}

/*
 * The Swedish national rules of Peppol BIS Billing 3 (SE-R-*), with the Schematron's flags and
 * contexts: they judge suppliers whose postal address is in Sweden; the VAT id rules (001, 002, 006)
 * also need a VAT id starting with SE, the organisation number rules (003, 004, 013) a legal id.
 */
const swedishSupplier = (inv: CanonicalInvoice) => addressCountry(inv.seller) === 'SE';
const swedishVatSupplier = (inv: CanonicalInvoice) =>
  swedishSupplier(inv) && (inv.seller?.vatId ?? '').startsWith('SE');

const se = (rule: CountryRuleSpec & { applies: (inv: CanonicalInvoice) => boolean }) =>
  defineCountryRule({
    category: 'data-quality',
    ...rule,
    check: (ctx) => (rule.applies(ctx.invoice) ? rule.check(ctx) : []),
  });

const SE_R_001 = se({
  id: 'SE-R-001',
  country: 'SE',
  applies: swedishVatSupplier,
  description: 'Swedish supplier VAT id has 14 characters',
  check(ctx) {
    const vatId = ctx.invoice.seller!.vatId!;
    if (normalizeSpace(vatId).length === 14) return [];
    return [
      {
        fieldPath: 'seller.vatId',
        message: 'A Swedish VAT id has 14 characters (SE + organisation number + 01).',
        expected: 'SE999999999901',
        actual: vatId,
        hint: 'Ask the supplier for its VAT registration number (momsregistreringsnummer).',
      },
    ];
  },
});

const SE_R_002 = se({
  id: 'SE-R-002',
  country: 'SE',
  applies: swedishVatSupplier,
  description: 'Swedish supplier VAT id has 12 numeric characters after SE',
  check(ctx) {
    const vatId = ctx.invoice.seller!.vatId!;
    if (isXPathNumber(vatId.slice(2, 14))) return [];
    return [
      {
        fieldPath: 'seller.vatId',
        message: 'A Swedish VAT id is SE followed by 12 digits.',
        expected: 'SE + 12 digits',
        actual: vatId,
        hint: 'Ask the supplier for its VAT registration number.',
      },
    ];
  },
});

const orgNumberSupplier = (inv: CanonicalInvoice) =>
  swedishSupplier(inv) && inv.seller?.legalRegistrationId !== undefined;
const orgNumberOf = (inv: CanonicalInvoice) => normalizeSpace(inv.seller?.legalRegistrationId);
const orgHint = 'Compare with the supplier master data (Bolagsverket) and ask for a corrected invoice.';

const SE_R_003 = se({
  id: 'SE-R-003',
  country: 'SE',
  applies: orgNumberSupplier,
  description: 'Swedish organisation number is numeric',
  check(ctx) {
    if (isXPathNumber(ctx.invoice.seller!.legalRegistrationId)) return [];
    return [
      {
        fieldPath: 'seller.legalRegistrationId',
        message: 'A Swedish organisation number contains digits only.',
        expected: '10 digits',
        actual: ctx.invoice.seller?.legalRegistrationId,
        hint: orgHint,
      },
    ];
  },
});

const SE_R_004 = se({
  id: 'SE-R-004',
  country: 'SE',
  applies: orgNumberSupplier,
  description: 'Swedish organisation number has 10 characters',
  check(ctx) {
    if (orgNumberOf(ctx.invoice).length === 10) return [];
    return [
      {
        fieldPath: 'seller.legalRegistrationId',
        message: 'A Swedish organisation number has 10 digits.',
        expected: '10 digits',
        actual: ctx.invoice.seller?.legalRegistrationId,
        hint: orgHint,
      },
    ];
  },
});

const SE_R_013 = se({
  id: 'SE-R-013',
  country: 'SE',
  applies: orgNumberSupplier,
  description: 'Swedish organisation number has a valid Luhn check digit',
  check(ctx) {
    if (checkSeOrgnr(orgNumberOf(ctx.invoice))) return [];
    return [
      {
        fieldPath: 'seller.legalRegistrationId',
        message: 'The Swedish organisation number fails the Luhn check digit test.',
        expected: '10 digits with a valid check digit',
        actual: ctx.invoice.seller?.legalRegistrationId,
        hint: 'The number is mistyped; compare with the supplier master data.',
      },
    ];
  },
});

const SE_R_005 = se({
  id: 'SE-R-005',
  country: 'SE',
  applies: (inv) => orgNumberSupplier(inv) && inv.seller?.taxRegistrationId !== undefined,
  description: 'Swedish supplier tax registration states "Godkänd för F-skatt"',
  check(ctx) {
    const reg = ctx.invoice.seller!.taxRegistrationId!;
    if (normalizeSpace(reg).toUpperCase() === 'GODKÄND FÖR F-SKATT') return [];
    return [
      {
        fieldPath: 'seller.taxRegistrationId',
        message: 'A Swedish supplier that gives a tax registration must state "Godkänd för F-skatt".',
        expected: 'Godkänd för F-skatt',
        actual: reg,
        hint: "Without F-skatt approval we may have to withhold tax; check the supplier in Skatteverket's register.",
      },
    ];
  },
});

const SE_STANDARD_RATES = ['25', '12', '6'];

/** SE-R-006: every S category (lines, allowances/charges, breakdown) of a Swedish supplier uses 25, 12 or 6 %. */
const SE_R_006 = se({
  id: 'SE-R-006',
  country: 'SE',
  category: 'regulatory',
  applies: swedishVatSupplier,
  description: `Swedish supplier uses only the standard VAT rates ${SE_STANDARD_RATES.join(', ')} for category S`,
  check(ctx) {
    return categoryUsesOf(ctx)
      .filter(
        (u) =>
          u.category === 'S' && !(isXPathNumber(u.rate) && SE_STANDARD_RATES.some((r) => Number(r) === Number(u.rate))),
      )
      .map((u) => ({
        fieldPath: u.fieldPath,
        message: `VAT rate ${u.rate ?? '(none)'}% is not a Swedish VAT rate.`,
        expected: SE_STANDARD_RATES.join(', '),
        actual: u.rate ?? '',
        hint: 'Swedish VAT is 25, 12 or 6 %; ask the supplier for a corrected invoice.',
      }));
  },
});

const giroRule = (
  id: string,
  branch: 'SE:PLUSGIRO' | 'SE:BANKGIRO',
  description: string,
  ok: (account: string) => boolean,
  expected: string,
) =>
  se({
    id,
    country: 'SE',
    severity: 'warning',
    applies: swedishSupplier,
    description,
    check(ctx) {
      return (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) => {
        const account = pm?.accounts?.[0];
        if (
          normalizeSpace(pm?.typeCode) !== '30' ||
          normalizeSpace(account?.bic) !== branch ||
          account?.accountId === undefined
        )
          return [];
        return ok(normalizeSpace(account.accountId))
          ? []
          : [
              {
                fieldPath: `paymentMeans[${i}].accounts[0].accountId`,
                message: `The ${branch === 'SE:PLUSGIRO' ? 'Plusgiro' : 'Bankgiro'} account ${account.accountId} is malformed.`,
                expected,
                actual: account.accountId,
                hint: 'Check the giro number with the supplier before paying.',
              },
            ];
      });
    },
  });

const SE_R_007 = giroRule(
  'SE-R-007',
  'SE:PLUSGIRO',
  'Swedish supplier Plusgiro account is numeric',
  isXPathNumber,
  'digits',
);
const SE_R_010 = giroRule(
  'SE-R-010',
  'SE:PLUSGIRO',
  'Swedish supplier Plusgiro account has 2-8 characters',
  (a) => a.length >= 2 && a.length <= 8,
  '2-8 characters',
);
const SE_R_008 = giroRule(
  'SE-R-008',
  'SE:BANKGIRO',
  'Swedish supplier Bankgiro account is numeric',
  isXPathNumber,
  'digits',
);
const SE_R_009 = giroRule(
  'SE-R-009',
  'SE:BANKGIRO',
  'Swedish supplier Bankgiro account has 7-8 characters',
  (a) => a.length === 7 || a.length === 8,
  '7 or 8 characters',
);

const SE_R_011 = se({
  id: 'SE-R-011',
  country: 'SE',
  severity: 'warning',
  applies: swedishSupplier,
  description:
    'Swedish supplier indicates Bankgiro/Plusgiro with code 30 and SE:BANKGIRO / SE:PLUSGIRO, not codes 50 or 56',
  check(ctx) {
    return (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) =>
      ['50', '56'].includes(pm?.typeCode ?? '')
        ? [
            {
              fieldPath: `paymentMeans[${i}].typeCode`,
              message: `Payment means code ${pm.typeCode} is not how Swedish giro payments are indicated.`,
              expected: '30 with branch SE:BANKGIRO or SE:PLUSGIRO',
              actual: pm.typeCode,
              hint: 'Tell the supplier; the payment details can still be used after checking them.',
            },
          ]
        : [],
    );
  },
});

const SE_R_012 = se({
  id: 'SE-R-012',
  country: 'SE',
  severity: 'warning',
  applies: (inv) => swedishSupplier(inv) && addressCountry(inv.buyer) === 'SE',
  description: 'Domestic Swedish credit transfer is indicated by payment means code 30, not 31',
  check(ctx) {
    return (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) =>
      pm?.typeCode === '31'
        ? [
            {
              fieldPath: `paymentMeans[${i}].typeCode`,
              message: 'Between Swedish parties a credit transfer is code 30, not 31.',
              expected: '30',
              actual: pm.typeCode,
              hint: 'Tell the supplier; the invoice can be paid after checking the account.',
            },
          ]
        : [],
    );
  },
});

export const SE_RULES: RuleDefinition[] = [
  // SE-VAT-RATE (rates in force on the VAT date, from the settings) judges what SE-R-006 does not: Swedish VAT charged by suppliers outside Sweden.
  ...standardCountryRules('SE', { skipSeller: 'format', skipVatRate: swedishVatSupplier }),
  SE_R_001,
  SE_R_002,
  SE_R_003,
  SE_R_004,
  SE_R_005,
  SE_R_006,
  SE_R_007,
  SE_R_008,
  SE_R_009,
  SE_R_010,
  SE_R_011,
  SE_R_012,
  SE_R_013,
];
