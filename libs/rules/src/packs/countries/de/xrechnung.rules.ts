import { isValidIBAN, electronicFormatIBAN } from 'ibantools';
import type { CanonicalInvoice } from '@app/domain';
import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank } from '../shared/country-rule.util';

/** XRechnung rules (BR-DE-*, KoSIT) bind only invoices that declare the XRechnung CIUS in BT-24. */
export function isXRechnung(invoice: CanonicalInvoice): boolean {
  return /xrechnung/i.test(invoice.customizationId ?? '');
}

interface Presence {
  id: string;
  description: string;
  fieldPath: string;
  value: (inv: CanonicalInvoice) => unknown;
  hint: string;
}

const PRESENCE: Presence[] = [
  {
    id: 'BR-DE-1',
    description: 'XRechnung: payment instructions (BG-16) are given',
    fieldPath: 'paymentMeans',
    value: (i) => (i.paymentMeans?.length ? i.paymentMeans : undefined),
    hint: 'Ask the supplier for the payment details.',
  },
  {
    id: 'BR-DE-2',
    description: 'XRechnung: seller contact (BG-6) is given',
    fieldPath: 'seller.contact',
    value: (i) => i.seller?.contact,
    hint: 'XRechnung needs a seller contact; ask the supplier to add it.',
  },
  {
    id: 'BR-DE-3',
    description: 'XRechnung: seller city (BT-37) is given',
    fieldPath: 'seller.address.city',
    value: (i) => i.seller?.address?.city,
    hint: 'Ask the supplier to complete its address.',
  },
  {
    id: 'BR-DE-4',
    description: 'XRechnung: seller post code (BT-38) is given',
    fieldPath: 'seller.address.postalCode',
    value: (i) => i.seller?.address?.postalCode,
    hint: 'Ask the supplier to complete its address.',
  },
  {
    id: 'BR-DE-5',
    description: 'XRechnung: seller contact point (BT-41) is given',
    fieldPath: 'seller.contact.name',
    value: (i) => i.seller?.contact?.name,
    hint: 'Ask the supplier to name a contact point.',
  },
  {
    id: 'BR-DE-6',
    description: 'XRechnung: seller contact telephone (BT-42) is given',
    fieldPath: 'seller.contact.phone',
    value: (i) => i.seller?.contact?.phone,
    hint: 'Ask the supplier to add a contact telephone number.',
  },
  {
    id: 'BR-DE-7',
    description: 'XRechnung: seller contact e-mail (BT-43) is given',
    fieldPath: 'seller.contact.email',
    value: (i) => i.seller?.contact?.email,
    hint: 'Ask the supplier to add a contact e-mail address.',
  },
  {
    id: 'BR-DE-8',
    description: 'XRechnung: buyer city (BT-52) is given',
    fieldPath: 'buyer.address.city',
    value: (i) => i.buyer?.address?.city,
    hint: 'Ask the supplier to complete our address.',
  },
  {
    id: 'BR-DE-9',
    description: 'XRechnung: buyer post code (BT-53) is given',
    fieldPath: 'buyer.address.postalCode',
    value: (i) => i.buyer?.address?.postalCode,
    hint: 'Ask the supplier to complete our address.',
  },
  {
    id: 'BR-DE-15',
    description: 'XRechnung: buyer reference / Leitweg-ID (BT-10) is given',
    fieldPath: 'buyerReference',
    value: (i) => i.buyerReference,
    hint: 'Give the supplier our Leitweg-ID or buyer reference for its invoices.',
  },
];

const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

const presenceRules: RuleDefinition[] = PRESENCE.map((p) =>
  defineCountryRule({
    id: p.id,
    country: 'DE',
    category: 'data-quality',
    description: p.description,
    check: (ctx) =>
      isXRechnung(ctx.invoice) && !present(p.value(ctx.invoice))
        ? [
            {
              fieldPath: p.fieldPath,
              message: `${p.description.replace('XRechnung: ', '')} is required by XRechnung but missing.`.replace(
                /^./,
                (c) => c.toUpperCase(),
              ),
              expected: 'a value',
              actual: '',
              hint: p.hint,
            },
          ]
        : [],
  }),
);

const XRECHNUNG_TYPE_CODES = ['326', '380', '384', '389', '381', '875', '876', '877'];

const BR_DE_17 = defineCountryRule({
  id: 'BR-DE-17',
  country: 'DE',
  category: 'data-quality',
  description: `XRechnung: invoice type code is one of ${XRECHNUNG_TYPE_CODES.join(', ')}`,
  check(ctx) {
    const code = ctx.invoice.typeCode;
    if (!isXRechnung(ctx.invoice) || isBlank(code) || XRECHNUNG_TYPE_CODES.includes(code!.trim())) return [];
    return [
      {
        fieldPath: 'typeCode',
        message: `Invoice type code ${code} is not allowed in XRechnung.`,
        expected: XRECHNUNG_TYPE_CODES.join(', '),
        actual: code,
        hint: 'Ask the supplier to issue a commercial invoice (380) or credit note (381).',
      },
    ];
  },
});

const BR_DE_19 = defineCountryRule({
  id: 'BR-DE-19',
  country: 'DE',
  severity: 'warning',
  category: 'data-quality',
  description: 'XRechnung: SEPA credit transfer (58) names a valid IBAN',
  check(ctx) {
    if (!isXRechnung(ctx.invoice)) return [];
    return (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) =>
      pm?.typeCode?.trim() !== '58'
        ? []
        : (pm.accounts ?? []).flatMap((a, j) => {
            const iban = a.iban ?? a.accountId;
            return iban && !isValidIBAN(electronicFormatIBAN(iban) ?? '')
              ? [
                  {
                    fieldPath: `paymentMeans[${i}].accounts[${j}].iban`,
                    message: 'The SEPA credit transfer account is not a valid IBAN.',
                    expected: 'valid IBAN',
                    actual: iban,
                    hint: 'Check the IBAN with the supplier by phone before paying.',
                  },
                ]
              : [];
          }),
    );
  },
});

const BR_DE_23_A = defineCountryRule({
  id: 'BR-DE-23-a',
  country: 'DE',
  category: 'data-quality',
  description: 'XRechnung: credit transfer (30, 58) names the account (BG-17)',
  check(ctx) {
    if (!isXRechnung(ctx.invoice)) return [];
    return (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) =>
      ['30', '58'].includes(pm?.typeCode?.trim() ?? '') &&
      !(pm.accounts ?? []).some((a) => !isBlank(a.iban ?? a.accountId))
        ? [
            {
              fieldPath: `paymentMeans[${i}].accounts`,
              message: 'A credit transfer needs the account to pay to.',
              expected: 'IBAN or account id',
              actual: '',
              hint: 'Ask the supplier for the account; confirm new bank details by phone.',
            },
          ]
        : [],
    );
  },
});

/** Leitweg-ID: coarse address (2-12 digits), optional fine address, two check digits (ISO 7064 MOD 97-10). */
export function leitwegIdValid(id: string): boolean {
  const m = /^(\d{2,12})(-[A-Za-z0-9]{1,30})?-(\d{2})$/.exec(id.trim());
  if (!m) return false;
  const digits = id
    .trim()
    .replace(/-/g, '')
    .toUpperCase()
    .replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return rest === 1;
}

const DE_LEITWEG_ID = defineCountryRule({
  id: 'DE-LEITWEG-ID',
  country: 'DE',
  severity: 'warning',
  category: 'data-quality',
  description: 'XRechnung: a buyer reference written as a Leitweg-ID has valid check digits',
  check(ctx) {
    const ref = ctx.invoice.buyerReference;
    // Only references shaped like a Leitweg-ID are judged: a free-text buyer reference is allowed too.
    if (!isXRechnung(ctx.invoice) || isBlank(ref) || !/^\d{2,12}-.*\d{2}$/.test(ref!.trim()) || leitwegIdValid(ref!))
      return [];
    return [
      {
        fieldPath: 'buyerReference',
        message: 'The buyer reference looks like a Leitweg-ID but its check digits are wrong.',
        expected: 'Leitweg-ID with valid MOD 97-10 check digits',
        actual: ref,
        hint: 'Compare with the Leitweg-ID we gave the supplier.',
      },
    ];
  },
});

export const XRECHNUNG_RULES: RuleDefinition[] = [...presenceRules, BR_DE_17, BR_DE_19, BR_DE_23_A, DE_LEITWEG_ID];
