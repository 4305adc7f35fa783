import type { CanonicalInvoice } from '@app/domain';
import type { RuleDefinition } from '../../../engine/rule';
import { addressCountry, isPeppolBis } from '../../shared/peppol-document.util';
import { defineCountryRule, isBlank, type FindingDetails } from '../shared/country-rule.util';
import { categoryUses } from '../shared/vat-categories.util';

/**
 * The German rules of Peppol BIS Billing 3 (DE-R-*): they bind a Peppol BIS document whose supplier
 * and customer both have a German postal address. (XRechnung's own BR-DE-* rules bind documents that
 * declare XRechnung.)
 */
const germanPeppol = (inv: CanonicalInvoice) =>
  isPeppolBis(inv) && addressCountry(inv.seller) === 'DE' && addressCountry(inv.buyer) === 'DE';

interface DeRule {
  id: string;
  description: string;
  severity?: 'warning';
  check(inv: CanonicalInvoice): FindingDetails[];
}

const de = (r: DeRule): RuleDefinition =>
  defineCountryRule({
    id: r.id,
    country: 'DE',
    category: 'data-quality',
    severity: r.severity,
    description: `Peppol DE: ${r.description}`,
    check: (ctx) => (germanPeppol(ctx.invoice) ? r.check(ctx.invoice) : []),
  });

const missing = (
  fieldPath: string,
  what: string,
  hint = 'Ask the supplier for a corrected invoice.',
): FindingDetails[] => [
  {
    fieldPath,
    message: `${what} is required for German suppliers and customers in Peppol but missing.`,
    expected: 'a value',
    actual: '',
    hint,
  },
];

/** Presence rule: when `when` holds (the group exists), `value` must not be blank. */
const presence = (
  id: string,
  description: string,
  fieldPath: string,
  when: (i: CanonicalInvoice) => boolean,
  value: (i: CanonicalInvoice) => unknown,
) =>
  de({
    id,
    description,
    check: (inv) =>
      when(inv) && (value(inv) === undefined || (typeof value(inv) === 'string' && isBlank(value(inv) as string)))
        ? missing(fieldPath, description)
        : [],
  });

const always = () => true;
const SKONTO_LINE = /^#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\.[0-9]{2})(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#$/;
const EMAIL =
  /^[a-zA-Z0-9!#$%&"*+/=?^_`{|}~-]+(\.[a-zA-Z0-9!#$%&"*+/=?^_`{|}~-]+)*@([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const DE_TYPE_CODES = ['326', '380', '384', '389', '381', '875', '876', '877'];
const DE_VAT_CODES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M'];
const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The Schematron's IBAN test: 2 letters, 2 digits, up to 30 alphanumerics, ISO 7064 mod 97 = 1. */
export function schematronIban(value: string | undefined): boolean {
  const v = (value ?? '').replace(/\s/g, '');
  if (!/^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$/.test(v)) return false;
  const moved = v.slice(4) + v.slice(0, 2).toUpperCase() + v.slice(2, 4);
  let rest = 0;
  for (const ch of moved) {
    const cp = ch.charCodeAt(0);
    for (const d of String(cp > 64 ? cp - 55 : cp - 48)) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

const code = (pm: { typeCode?: string }) => pm.typeCode?.trim() ?? '';
const payment = (inv: CanonicalInvoice) => (inv.paymentMeans ?? []).map((pm, i) => ({ pm, i }));
const hasAccount = (pm: NonNullable<CanonicalInvoice['paymentMeans']>[number]) => (pm.accounts ?? []).length > 0;

export const PEPPOL_DE_RULES: RuleDefinition[] = [
  de({
    id: 'DE-R-001',
    description: 'payment instructions (BG-16) are given',
    check: (i) => ((i.paymentMeans ?? []).length ? [] : missing('paymentMeans', 'Payment instructions (BG-16)')),
  }),
  presence('DE-R-002', 'seller contact (BG-6)', 'seller.contact', always, (i) => i.seller?.contact),
  presence(
    'DE-R-003',
    'seller city (BT-37)',
    'seller.address.city',
    (i) => !!i.seller?.address,
    (i) => i.seller?.address?.city,
  ),
  presence(
    'DE-R-004',
    'seller post code (BT-38)',
    'seller.address.postalCode',
    (i) => !!i.seller?.address,
    (i) => i.seller?.address?.postalCode,
  ),
  presence(
    'DE-R-005',
    'seller contact point (BT-41)',
    'seller.contact.name',
    (i) => !!i.seller?.contact,
    (i) => i.seller?.contact?.name,
  ),
  presence(
    'DE-R-006',
    'seller contact telephone (BT-42)',
    'seller.contact.phone',
    (i) => !!i.seller?.contact,
    (i) => i.seller?.contact?.phone,
  ),
  presence(
    'DE-R-007',
    'seller contact e-mail (BT-43)',
    'seller.contact.email',
    (i) => !!i.seller?.contact,
    (i) => i.seller?.contact?.email,
  ),
  presence(
    'DE-R-008',
    'buyer city (BT-52)',
    'buyer.address.city',
    (i) => !!i.buyer?.address,
    (i) => i.buyer?.address?.city,
  ),
  presence(
    'DE-R-009',
    'buyer post code (BT-53)',
    'buyer.address.postalCode',
    (i) => !!i.buyer?.address,
    (i) => i.buyer?.address?.postalCode,
  ),
  presence(
    'DE-R-010',
    'deliver-to city (BT-77) when a delivery address is given',
    'delivery.address.city',
    (i) => !!i.delivery?.address,
    (i) => i.delivery?.address?.city,
  ),
  presence(
    'DE-R-011',
    'deliver-to post code (BT-78) when a delivery address is given',
    'delivery.address.postalCode',
    (i) => !!i.delivery?.address,
    (i) => i.delivery?.address?.postalCode,
  ),
  de({
    id: 'DE-R-014',
    description: 'every VAT breakdown gives the category rate (BT-119)',
    check: (i) =>
      (i.vatBreakdown ?? []).flatMap((b, k) =>
        isBlank(b?.rate) ? missing(`vatBreakdown[${k}].rate`, 'The VAT category rate (BT-119)') : [],
      ),
  }),
  presence('DE-R-015', 'buyer reference (BT-10)', 'buyerReference', always, (i) => i.buyerReference),
  de({
    id: 'DE-R-016',
    description:
      'with VAT codes S, Z, E, AE, K, G, L or M the seller VAT id, tax number or tax representative is given',
    check(i) {
      if (!categoryUses(i).some((u) => DE_VAT_CODES.includes(u.category))) return [];
      if (i.sellerTaxRepresentative || !isBlank(i.seller?.vatId) || !isBlank(i.seller?.taxRegistrationId)) return [];
      return missing('seller.vatId', 'The seller VAT id (BT-31), tax number (BT-32) or tax representative (BG-11)');
    },
  }),
  de({
    id: 'DE-R-017',
    severity: 'warning',
    description: `invoice type code is one of ${DE_TYPE_CODES.join(', ')}`,
    check: (i) =>
      DE_TYPE_CODES.includes(i.typeCode?.trim() ?? '')
        ? []
        : [
            {
              fieldPath: 'typeCode',
              message: `Invoice type code ${i.typeCode ?? '(none)'} should not be used between German parties.`,
              expected: DE_TYPE_CODES.join(', '),
              actual: i.typeCode ?? '',
              hint: 'Tell the supplier; the invoice can still be processed.',
            },
          ],
  }),
  de({
    id: 'DE-R-018',
    description: 'cash discount terms (Skonto) in the payment terms follow #SKONTO#TAGE=n#PROZENT=n.nn#',
    check(i) {
      const bad = (i.paymentTerms ?? '')
        .split(/\r?\n/)
        .map(norm)
        .filter((l) => l.startsWith('#') && !SKONTO_LINE.test(l));
      return bad.length
        ? [
            {
              fieldPath: 'paymentTerms',
              message: `The Skonto terms "${bad[0]}" do not follow the German format.`,
              expected: '#SKONTO#TAGE=n#PROZENT=n.nn#[BASISBETRAG=n.nn#]',
              actual: bad[0],
              hint: 'Ask the supplier to write each Skonto line as #SKONTO#TAGE=14#PROZENT=2.00#.',
            },
          ]
        : [];
    },
  }),
  de({
    id: 'DE-R-019',
    severity: 'warning',
    description: 'SEPA credit transfer (58) names a valid IBAN',
    check: (i) =>
      payment(i).flatMap(({ pm, i: n }) =>
        code(pm) === '58' && !schematronIban(pm.accounts?.[0]?.accountId ?? pm.accounts?.[0]?.iban)
          ? [
              {
                fieldPath: `paymentMeans[${n}].accounts[0].accountId`,
                message: 'The SEPA credit transfer account is not a valid IBAN.',
                expected: 'valid IBAN',
                actual: pm.accounts?.[0]?.accountId ?? '',
                hint: 'Check the IBAN with the supplier by phone before paying.',
              },
            ]
          : [],
      ),
  }),
  de({
    id: 'DE-R-020',
    severity: 'warning',
    description: 'SEPA direct debit (59) names a valid debited IBAN',
    check: (i) =>
      payment(i).flatMap(({ pm, i: n }) =>
        code(pm) === '59' && !schematronIban(pm.directDebit?.debitedAccount)
          ? [
              {
                fieldPath: `paymentMeans[${n}].directDebit.debitedAccount`,
                message: 'The debited account of the SEPA direct debit is not a valid IBAN.',
                expected: 'valid IBAN',
                actual: pm.directDebit?.debitedAccount ?? '',
                hint: 'Check our account details with the supplier.',
              },
            ]
          : [],
      ),
  }),
  de({
    id: 'DE-R-023-1',
    description: 'credit transfer (30, 58) gives the account (BG-17)',
    check: (i) =>
      payment(i).flatMap(({ pm, i: n }) =>
        ['30', '58'].includes(code(pm)) && !hasAccount(pm)
          ? missing(`paymentMeans[${n}].accounts`, 'The credit transfer account (BG-17)')
          : [],
      ),
  }),
  de({
    id: 'DE-R-023-2',
    description: 'credit transfer (30, 58) gives no card (BG-18) or direct debit (BG-19)',
    check: (i) =>
      payment(i).flatMap(({ pm, i: n }) =>
        ['30', '58'].includes(code(pm)) && (pm.card || pm.directDebit)
          ? [
              {
                fieldPath: `paymentMeans[${n}]`,
                message: 'A credit transfer must not also carry card or direct debit details.',
                expected: 'BG-17 only',
                actual: [pm.card && 'card', pm.directDebit && 'direct debit'].filter(Boolean).join(', '),
                hint: 'Ask the supplier for unambiguous payment instructions.',
              },
            ]
          : [],
      ),
  }),
  de({
    id: 'DE-R-024-1',
    description: 'payment card (48, 54, 55) gives the card information (BG-18)',
    check: (i) =>
      payment(i).flatMap(({ pm, i: n }) =>
        ['48', '54', '55'].includes(code(pm)) && !pm.card
          ? missing(`paymentMeans[${n}].card`, 'The payment card information (BG-18)')
          : [],
      ),
  }),
  de({
    id: 'DE-R-024-2',
    description: 'payment card (48, 54, 55) gives no account (BG-17) or direct debit (BG-19)',
    check: (i) =>
      payment(i).flatMap(({ pm, i: n }) =>
        ['48', '54', '55'].includes(code(pm)) && (hasAccount(pm) || pm.directDebit)
          ? [
              {
                fieldPath: `paymentMeans[${n}]`,
                message: 'A card payment must not also carry account or direct debit details.',
                expected: 'BG-18 only',
                actual: [hasAccount(pm) && 'account', pm.directDebit && 'direct debit'].filter(Boolean).join(', '),
                hint: 'Ask the supplier for unambiguous payment instructions.',
              },
            ]
          : [],
      ),
  }),
  de({
    id: 'DE-R-025-1',
    description: 'direct debit (59) gives the direct debit group (BG-19)',
    check: (i) =>
      payment(i).flatMap(({ pm, i: n }) =>
        code(pm) === '59' && !pm.directDebit
          ? missing(`paymentMeans[${n}].directDebit`, 'The direct debit details (BG-19)')
          : [],
      ),
  }),
  de({
    id: 'DE-R-025-2',
    description: 'direct debit (59) gives no account (BG-17) or card (BG-18)',
    check: (i) =>
      payment(i).flatMap(({ pm, i: n }) =>
        code(pm) === '59' && (hasAccount(pm) || pm.card)
          ? [
              {
                fieldPath: `paymentMeans[${n}]`,
                message: 'A direct debit must not also carry credit transfer or card details.',
                expected: 'BG-19 only',
                actual: [hasAccount(pm) && 'account', pm.card && 'card'].filter(Boolean).join(', '),
                hint: 'Ask the supplier for unambiguous payment instructions.',
              },
            ]
          : [],
      ),
  }),
  de({
    id: 'DE-R-022',
    description: 'attached documents (BT-125) have distinct file names',
    check(i) {
      const seen = new Set<string>();
      const out: FindingDetails[] = [];
      (i.additionalDocuments ?? []).forEach((d, k) => {
        const name = d?.attachment?.filename;
        if (name === undefined) return;
        if (seen.has(name))
          out.push({
            fieldPath: `additionalDocuments[${k}].attachment.filename`,
            message: `Two attachments are named ${name}.`,
            expected: 'a file name not used by another attachment',
            actual: name,
            hint: 'Ask the supplier to name each attachment differently.',
          });
        seen.add(name);
      });
      return out;
    },
  }),
  de({
    id: 'DE-R-026',
    severity: 'warning',
    description: 'a corrected invoice (384) references the invoice it corrects (BG-3)',
    check: (i) =>
      i.typeCode?.trim() === '384' && !(i.precedingInvoices ?? []).some((p) => !isBlank(p?.number))
        ? [
            {
              fieldPath: 'precedingInvoices',
              message: 'A corrected invoice (384) should name the invoice it corrects.',
              expected: 'preceding invoice reference',
              actual: '',
              hint: 'Ask the supplier which invoice is corrected.',
            },
          ]
        : [],
  }),
  de({
    id: 'DE-R-027',
    severity: 'warning',
    description: 'the seller contact telephone has at least 3 digits',
    check: (i) =>
      i.seller?.contact && ((i.seller.contact.phone ?? '').match(/[0-9]/g) ?? []).length < 3
        ? [
            {
              fieldPath: 'seller.contact.phone',
              message: 'The seller contact telephone number does not look valid (fewer than 3 digits).',
              expected: 'telephone number',
              actual: i.seller.contact.phone ?? '',
              hint: 'Tell the supplier; the invoice can still be processed.',
            },
          ]
        : [],
  }),
  de({
    id: 'DE-R-028',
    severity: 'warning',
    description: 'the seller contact e-mail address is well formed',
    check: (i) =>
      i.seller?.contact && !EMAIL.test(norm(i.seller.contact.email))
        ? [
            {
              fieldPath: 'seller.contact.email',
              message: 'The seller contact e-mail address is not well formed.',
              expected: 'name@domain.tld',
              actual: i.seller.contact.email ?? '',
              hint: 'Tell the supplier; the invoice can still be processed.',
            },
          ]
        : [],
  }),
  de({
    id: 'DE-R-030',
    description: 'a direct debit (BG-19) gives the bank assigned creditor identifier (BT-90)',
    check: (i) =>
      payment(i)
        .flatMap(({ pm, i: n }) =>
          pm.directDebit && isBlank(pm.directDebit.creditorId)
            ? missing(`paymentMeans[${n}].directDebit.creditorId`, 'The SEPA creditor identifier (BT-90)')
            : [],
        )
        .slice(0, 1),
  }),
  de({
    id: 'DE-R-031',
    description: 'a direct debit (BG-19) gives the debited account (BT-91)',
    check: (i) =>
      payment(i).flatMap(({ pm, i: n }) =>
        pm.directDebit && isBlank(pm.directDebit.debitedAccount)
          ? missing(`paymentMeans[${n}].directDebit.debitedAccount`, 'The debited account (BT-91)')
          : [],
      ),
  }),
];
