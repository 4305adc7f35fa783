import Decimal from 'decimal.js';
import type { CanonicalParty } from '@app/domain';
import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank, type CountryRuleSpec } from '../shared/country-rule.util';
import { isCreditNote, partyCountry, sellerCountry } from '../shared/invoice-countries.util';
import { standardCountryRules } from '../shared/standard-country-rules';

/** The Dutch national rules of Peppol BIS Billing 3 apply "for suppliers in the Netherlands". */
const dutchSeller = (rule: CountryRuleSpec) =>
  defineCountryRule({ category: 'data-quality', ...rule, check: (ctx) => (sellerCountry(ctx.invoice) === 'NL' ? rule.check(ctx) : []) });

function missingAddressParts(party: CanonicalParty | undefined, path: string, who: string) {
  const a = party?.address;
  const parts: [string | undefined, string, string][] = [
    [a?.line1, 'line1', 'street'],
    [a?.city, 'city', 'city'],
    [a?.postalCode, 'postalCode', 'post code'],
  ];
  return parts
    .filter(([value]) => isBlank(value))
    .map(([, field, label]) => ({ fieldPath: `${path}.address.${field}`, message: `The ${who} address has no ${label}.`, expected: `${label} of the ${who}`, actual: '', hint: 'Dutch invoices must carry street, city and post code; ask the supplier to complete the address.' }));
}

/** KvK numbers have 8 digits, OIN (government organisations) 20. */
const KVK_OR_OIN = /^(\d{8}|\d{20})$/;

/**
 * As in the official Schematron, whose context is the legal entity CompanyID: an absent id is not judged
 * here (EN 16931 does not require it), a present one must be KvK or OIN. The canonical invoice does not
 * keep the scheme id, so the number's form stands in for schemes 0106 / 0190.
 */
function legalIdProblem(party: CanonicalParty | undefined, path: string, who: string) {
  const raw = party?.legalRegistrationId;
  if (isBlank(raw) || KVK_OR_OIN.test(raw!.replace(/\s/g, ''))) return [];
  return [{ fieldPath: `${path}.legalRegistrationId`, message: `The ${who}'s legal registration must be a KvK number (8 digits) or an OIN (20 digits).`, expected: 'KvK (scheme 0106) or OIN (scheme 0190)', actual: party?.legalRegistrationId ?? '', hint: 'Look the company up in the KvK Handelsregister.' }];
}

const NL_R_001 = dutchSeller({
  id: 'NL-R-001',
  country: 'NL',
  description: 'Dutch supplier credit note references the invoice it corrects',
  check(ctx) {
    if (!isCreditNote(ctx.invoice) || (ctx.invoice.precedingInvoices ?? []).some((p) => !isBlank(p?.number))) return [];
    return [{ fieldPath: 'precedingInvoices', message: 'A credit note from a Dutch supplier must reference the invoice it corrects.', expected: 'preceding invoice number', actual: '', hint: 'Ask the supplier which invoice the credit note corrects.' }];
  },
});

const NL_R_002 = dutchSeller({ id: 'NL-R-002', country: 'NL', description: 'Dutch supplier address has street, city and post code', check: (ctx) => missingAddressParts(ctx.invoice.seller, 'seller', 'supplier') });

const NL_R_003 = dutchSeller({ id: 'NL-R-003', country: 'NL', description: 'Dutch supplier legal entity id is a KvK or OIN number', check: (ctx) => legalIdProblem(ctx.invoice.seller, 'seller', 'supplier') });

const dutchBuyer = (ctx: Parameters<RuleDefinition['evaluate']>[0]) => partyCountry(ctx.invoice.buyer) === 'NL';

const NL_R_004 = dutchSeller({ id: 'NL-R-004', country: 'NL', description: 'Dutch customer address has street, city and post code', check: (ctx) => (dutchBuyer(ctx) ? missingAddressParts(ctx.invoice.buyer, 'buyer', 'customer') : []) });

const NL_R_005 = dutchSeller({ id: 'NL-R-005', country: 'NL', description: 'Dutch customer legal entity id is a KvK or OIN number', check: (ctx) => (dutchBuyer(ctx) ? legalIdProblem(ctx.invoice.buyer, 'buyer', 'customer') : []) });

const NL_R_006 = dutchSeller({
  id: 'NL-R-006',
  country: 'NL',
  description: 'Dutch tax representative address has street, city and post code',
  check: (ctx) => (partyCountry(ctx.invoice.sellerTaxRepresentative) === 'NL' ? missingAddressParts(ctx.invoice.sellerTaxRepresentative, 'sellerTaxRepresentative', 'tax representative') : []),
});

function payableIsPositive(payable: string | undefined): boolean {
  try {
    return !!payable && new Decimal(payable).gt(0);
  } catch {
    return false;
  }
}

const NL_R_007 = dutchSeller({
  id: 'NL-R-007',
  country: 'NL',
  description: 'Dutch supplier gives payment means when the customer has to pay',
  check(ctx) {
    const inv = ctx.invoice;
    if (isCreditNote(inv) || !payableIsPositive(inv.totals?.payable) || (inv.paymentMeans ?? []).length > 0) return [];
    return [{ fieldPath: 'paymentMeans', message: 'The Dutch supplier does not say how to pay the amount due.', expected: 'payment means (e.g. 58 SEPA credit transfer with IBAN)', actual: '', hint: 'Ask the supplier for the payment details; never take bank details from an e-mail.' }];
  },
});

const NL_PAYMENT_MEANS = ['30', '48', '49', '57', '58', '59'];

const NL_R_008 = dutchSeller({
  id: 'NL-R-008',
  country: 'NL',
  description: `Dutch supplier payment means code is one of ${NL_PAYMENT_MEANS.join(', ')}`,
  check(ctx) {
    return (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) =>
      pm?.typeCode && !NL_PAYMENT_MEANS.includes(pm.typeCode.trim())
        ? [{ fieldPath: `paymentMeans[${i}].typeCode`, message: `Payment means code ${pm.typeCode} is not allowed for Dutch suppliers.`, expected: NL_PAYMENT_MEANS.join(', '), actual: pm.typeCode, hint: 'Ask the supplier to use a supported payment means (58 SEPA credit transfer, 30 credit transfer, ...).' }]
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
    return [{ fieldPath: 'purchaseOrderReference', message: `Line ${i + 1} references an order line but the invoice has no order reference.`, expected: 'purchase order reference', actual: '', hint: 'Ask the supplier for the purchase order number.' }];
  },
});

export const NL_RULES: RuleDefinition[] = [...standardCountryRules('NL'), NL_R_001, NL_R_002, NL_R_003, NL_R_004, NL_R_005, NL_R_006, NL_R_007, NL_R_008, NL_R_009];
