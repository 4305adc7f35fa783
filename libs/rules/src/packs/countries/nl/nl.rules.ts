import Decimal from 'decimal.js';
import type { CanonicalParty } from '@app/domain';
import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank, type CountryRuleSpec } from '../shared/country-rule.util';
import { addressCountry, isUblCreditNote } from '../../shared/peppol-document.util';
import { standardCountryRules } from '../shared/standard-country-rules';

/** The Dutch national rules of Peppol BIS Billing 3 apply "for suppliers in the Netherlands": the supplier's address country. */
const dutchSeller = (rule: CountryRuleSpec) =>
  defineCountryRule({
    category: 'data-quality',
    ...rule,
    check: (ctx) => (addressCountry(ctx.invoice.seller) === 'NL' ? rule.check(ctx) : []),
  });

function missingAddressParts(party: CanonicalParty | undefined, path: string, who: string) {
  const a = party?.address;
  const parts: [string | undefined, string, string][] = [
    [a?.line1, 'line1', 'street'],
    [a?.city, 'city', 'city'],
    [a?.postalCode, 'postalCode', 'post code'],
  ];
  return parts
    .filter(([value]) => isBlank(value))
    .map(([, field, label]) => ({
      fieldPath: `${path}.address.${field}`,
      message: `The ${who} address has no ${label}.`,
      expected: `${label} of the ${who}`,
      actual: '',
      hint: 'Dutch invoices must carry street, city and post code; ask the supplier to complete the address.',
    }));
}

const NL_LEGAL_SCHEMES = ['0106', '0190'];

/**
 * NL-R-003 / NL-R-005, as the Peppol Schematron says: a legal entity id that is given must be a KvK
 * (scheme 0106) or OIN (scheme 0190) identifier and not empty. The number's length is not judged.
 */
function legalIdProblem(party: CanonicalParty | undefined, path: string, who: string) {
  if (party?.legalRegistrationId === undefined) return [];
  const scheme = party.legalRegistrationSchemeId?.trim();
  if (scheme && NL_LEGAL_SCHEMES.includes(scheme) && !isBlank(party.legalRegistrationId)) return [];
  return [
    {
      fieldPath: `${path}.legalRegistrationSchemeId`,
      message: `The ${who}'s legal entity id must be a KvK or OIN number (scheme 0106 or 0190).`,
      expected: 'scheme 0106 (KvK) or 0190 (OIN) with a value',
      actual: `${scheme ?? '(no scheme)'} ${party.legalRegistrationId}`.trim(),
      hint: 'Ask the supplier to state the KvK number with scheme 0106 (or the OIN with 0190).',
    },
  ];
}

const NL_R_001 = dutchSeller({
  id: 'NL-R-001',
  country: 'NL',
  description: 'Dutch supplier credit note references the invoice it corrects',
  check(ctx) {
    if (!isUblCreditNote(ctx.invoice) || (ctx.invoice.precedingInvoices ?? []).some((p) => !isBlank(p?.number)))
      return [];
    return [
      {
        fieldPath: 'precedingInvoices',
        message: 'A credit note from a Dutch supplier must reference the invoice it corrects.',
        expected: 'preceding invoice number',
        actual: '',
        hint: 'Ask the supplier which invoice the credit note corrects.',
      },
    ];
  },
});

const NL_R_002 = dutchSeller({
  id: 'NL-R-002',
  country: 'NL',
  description: 'Dutch supplier address has street, city and post code',
  check: (ctx) => missingAddressParts(ctx.invoice.seller, 'seller', 'supplier'),
});

const NL_R_003 = dutchSeller({
  id: 'NL-R-003',
  country: 'NL',
  description: 'Dutch supplier legal entity id is a KvK or OIN number',
  check: (ctx) => legalIdProblem(ctx.invoice.seller, 'seller', 'supplier'),
});

const dutchBuyer = (ctx: Parameters<RuleDefinition['evaluate']>[0]) => addressCountry(ctx.invoice.buyer) === 'NL';

const NL_R_004 = dutchSeller({
  id: 'NL-R-004',
  country: 'NL',
  description: 'Dutch customer address has street, city and post code',
  check: (ctx) => (dutchBuyer(ctx) ? missingAddressParts(ctx.invoice.buyer, 'buyer', 'customer') : []),
});

const NL_R_005 = dutchSeller({
  id: 'NL-R-005',
  country: 'NL',
  description: 'Dutch customer legal entity id is a KvK or OIN number',
  check: (ctx) => (dutchBuyer(ctx) ? legalIdProblem(ctx.invoice.buyer, 'buyer', 'customer') : []),
});

const NL_R_006 = dutchSeller({
  id: 'NL-R-006',
  country: 'NL',
  description: 'Dutch tax representative address has street, city and post code',
  check: (ctx) =>
    addressCountry(ctx.invoice.sellerTaxRepresentative) === 'NL'
      ? missingAddressParts(ctx.invoice.sellerTaxRepresentative, 'sellerTaxRepresentative', 'tax representative')
      : [],
});

function payableAsDecimal(payable: string | undefined): Decimal | undefined {
  try {
    return payable === undefined ? undefined : new Decimal(payable.trim());
  } catch {
    return undefined;
  }
}

/** NL-R-007: no payment means is fine only when nothing is to be paid to the supplier (invoice <= 0, credit note >= 0). */
const NL_R_007 = dutchSeller({
  id: 'NL-R-007',
  country: 'NL',
  description: 'Dutch supplier gives payment means when the customer has to pay',
  check(ctx) {
    const inv = ctx.invoice;
    if ((inv.paymentMeans ?? []).length > 0) return [];
    const payable = payableAsDecimal(inv.totals?.payable);
    if (payable && (isUblCreditNote(inv) ? payable.gte(0) : payable.lte(0))) return [];
    return [
      {
        fieldPath: 'paymentMeans',
        message: 'The Dutch supplier does not say how to pay the amount due.',
        expected: 'payment means (e.g. 58 SEPA credit transfer with IBAN)',
        actual: '',
        hint: 'Ask the supplier for the payment details; never take bank details from an e-mail.',
      },
    ];
  },
});

const NL_PAYMENT_MEANS = ['30', '48', '49', '57', '58', '59'];

const NL_R_008 = dutchSeller({
  id: 'NL-R-008',
  country: 'NL',
  description: `Dutch supplier invoicing a Dutch customer uses payment means code ${NL_PAYMENT_MEANS.join(', ')}`,
  check(ctx) {
    if (!dutchBuyer(ctx)) return [];
    return (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) =>
      pm?.typeCode && !NL_PAYMENT_MEANS.includes(pm.typeCode.trim())
        ? [
            {
              fieldPath: `paymentMeans[${i}].typeCode`,
              message: `Payment means code ${pm.typeCode} is not allowed for Dutch suppliers.`,
              expected: NL_PAYMENT_MEANS.join(', '),
              actual: pm.typeCode,
              hint: 'Ask the supplier to use a supported payment means (58 SEPA credit transfer, 30 credit transfer, ...).',
            },
          ]
        : [],
    );
  },
});

const NL_R_009 = dutchSeller({
  id: 'NL-R-009',
  country: 'NL',
  description: 'Dutch supplier invoice with order line references has an order reference',
  check(ctx) {
    const inv = ctx.invoice;
    const i = (inv.lines ?? []).findIndex((l) => !isBlank(l?.poLineReference));
    if (i < 0 || !isBlank(inv.purchaseOrderReference)) return [];
    return [
      {
        fieldPath: 'purchaseOrderReference',
        message: `Line ${i + 1} references an order line but the invoice has no order reference.`,
        expected: 'purchase order reference',
        actual: '',
        hint: 'Ask the supplier for the purchase order number.',
      },
    ];
  },
});

export const NL_RULES: RuleDefinition[] = [
  ...standardCountryRules('NL'),
  NL_R_001,
  NL_R_002,
  NL_R_003,
  NL_R_004,
  NL_R_005,
  NL_R_006,
  NL_R_007,
  NL_R_008,
  NL_R_009,
];
