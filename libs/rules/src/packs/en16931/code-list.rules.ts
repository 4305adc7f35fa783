import type { CanonicalDocumentReference, CanonicalLine } from '@app/domain';
import type { RuleDefinition } from '../../engine/rule';
import { en16931Rule, type Report } from './support/en16931-rule.util';
import { type InvoiceFacts } from './support/invoice-facts.util';
import * as L from './support/code-lists.data';

/** BR-CL-*: coded values must come from the code lists the standard names. */

type Value = { path: string; value: string | undefined };
/** A code list, or the list of the syntax the invoice came in (where the UBL and CII artefacts differ). */
type List = Set<string> | ((f: InvoiceFacts) => Set<string>);
const listFor = (list: List, f: InvoiceFacts) => (typeof list === 'function' ? list(f) : list);
const countryCodes = (f: InvoiceFacts) => (f.format === 'cii' ? L.COUNTRY_CODES_CII : L.COUNTRY_CODES);

function codeListRule(
  id: string,
  description: string,
  hint: string,
  codes: List,
  values: (f: InvoiceFacts) => Value[],
  normalise: (v: string) => string = (v) => v.trim(),
): RuleDefinition {
  return en16931Rule({
    id,
    category: 'data-quality',
    description,
    hint,
    check(f, report: Report) {
      const list = listFor(codes, f);
      for (const { path, value } of values(f)) {
        if (value === undefined) continue;
        if (!list.has(normalise(value)))
          report({
            fieldPath: path,
            message: `${description} "${value}" is not in the list.`,
            expected: 'a listed code',
            actual: value,
          });
      }
    },
  });
}

/** A code on each invoice line: the path is built only for a line that fails (most lines pass). */
function lineCodeListRule(
  id: string,
  description: string,
  hint: string,
  codes: List,
  field: string,
  code: (l: CanonicalLine) => string | undefined,
): RuleDefinition {
  return en16931Rule({
    id,
    category: 'data-quality',
    description,
    hint,
    check(f, report: Report) {
      const list = listFor(codes, f);
      f.lines.forEach((l, i) => {
        const value = code(l);
        if (value === undefined) return;
        if (!list.has(value.trim()))
          report({
            fieldPath: `lines[${i}].${field}`,
            message: `${description} "${value}" is not in the list.`,
            expected: 'a listed code',
            actual: value,
          });
      });
    },
  });
}

const parties = (f: InvoiceFacts) =>
  [
    ['seller', f.inv.seller],
    ['buyer', f.inv.buyer],
    ['payee', f.inv.payee],
    ['sellerTaxRepresentative', f.inv.sellerTaxRepresentative],
  ] as const;

export const CODE_LIST_RULES: RuleDefinition[] = [
  en16931Rule({
    id: 'BR-CL-01',
    category: 'data-quality',
    description:
      'The document type code (BT-3) must be coded by the invoice and credit note related code lists of UNTDID 1001.',
    hint: 'Use 380 (commercial invoice), 381 (credit note), 384 (corrected invoice) or another UNTDID 1001 invoice code.',
    check(f, report) {
      const code = f.inv.typeCode;
      if (code === undefined) return;
      const c = code.trim();
      const kind = f.inv.documentKind;
      // CII has one list for both kinds of document.
      const ok =
        f.format === 'cii'
          ? L.DOCUMENT_TYPE_CODES_CII.has(c)
          : kind === 'credit_note'
            ? L.CREDIT_NOTE_TYPE_CODES.has(c)
            : kind === 'invoice'
              ? L.INVOICE_TYPE_CODES.has(c)
              : L.INVOICE_TYPE_CODES.has(c) || L.CREDIT_NOTE_TYPE_CODES.has(c);
      if (!ok)
        report({
          fieldPath: 'typeCode',
          expected: kind === 'credit_note' ? 'a UNTDID 1001 credit note code' : 'a UNTDID 1001 invoice code',
          actual: code,
        });
    },
  }),
  codeListRule(
    'BR-CL-04',
    'Invoice currency code (BT-5) must be coded using ISO 4217 alpha-3.',
    'Use the three-letter ISO 4217 code, e.g. EUR, SEK, NOK, DKK, PLN.',
    L.CURRENCY_CODES,
    (f) => [{ path: 'currency', value: f.inv.currency }],
  ),
  codeListRule(
    'BR-CL-05',
    'Tax currency code (BT-6) must be coded using ISO 4217 alpha-3.',
    'Use the three-letter ISO 4217 code of the VAT accounting currency.',
    L.CURRENCY_CODES,
    (f) => [{ path: 'taxCurrency', value: f.inv.taxCurrency }],
  ),
  en16931Rule({
    id: 'BR-CL-08',
    category: 'data-quality',
    description: 'An invoice note subject code must be coded using UNCL 4451.',
    hint: 'Write the note subject as #CODE# with a UNCL 4451 code (e.g. #AAI#), or drop the # markers.',
    // The UBL artefact has no BR-CL-08: a UBL note is free text. CII's ram:SubjectCode reads as #CODE#.
    formats: ['cii', 'json'],
    check(f, report) {
      (f.inv.notes ?? []).forEach((note, i) => {
        // Only a note that opens with "#" carries a subject code; a "#" inside free text is just text.
        if (!note.startsWith('#')) return;
        const after = note.slice(1);
        const end = after.indexOf('#');
        const code = end < 0 ? '' : after.slice(0, end);
        if (!L.NOTE_SUBJECT_CODES.has(code))
          report({ fieldPath: `notes[${i}]`, expected: '#<UNCL 4451 code>#', actual: note.slice(0, 40) });
      });
    },
  }),
  en16931Rule({
    id: 'BR-CL-06',
    category: 'data-quality',
    description:
      'Value added tax point date code (BT-8) must belong to the UNTDID 2005 (UBL) / UNTDID 2475 (CII) subset.',
    hint: 'Use 3 (invoice date), 35 (delivery date) or 432 (paid-to date); in CII 5, 29 or 72.',
    check(f, report) {
      const code = f.inv.taxPointDateCode;
      if (code === undefined) return;
      const list = f.format === 'cii' ? L.TAX_POINT_DATE_CODES_CII : L.TAX_POINT_DATE_CODES_UBL;
      if (!list.has(code.trim()))
        report({ fieldPath: 'taxPointDateCode', expected: [...list].join(', '), actual: code });
    },
  }),
  codeListRule(
    'BR-CL-10',
    'Any party identifier scheme must be coded using the ISO 6523 ICD list.',
    'Use an ISO 6523 ICD scheme (e.g. 0088 GLN, 0007 Swedish org no) for the party identifier.',
    L.ICD_CODES,
    (f) => {
      const out: Value[] = [];
      for (const [name, p] of parties(f)) {
        (p?.identifiers ?? []).forEach((id, i) => {
          if (id.schemeId === undefined) return;
          // SEPA creditor ids are allowed for the seller and the payee only (not at all in CII).
          if (f.format !== 'cii' && id.schemeId.trim() === 'SEPA' && (name === 'seller' || name === 'payee')) return;
          out.push({ path: `${name}.identifiers[${i}].schemeId`, value: id.schemeId });
        });
      }
      return out;
    },
  ),
  codeListRule(
    'BR-CL-13',
    'Item classification identifier scheme must be coded using UNTDID 7143.',
    'Use a UNTDID 7143 list id (e.g. STI for CPV, TST for UNSPSC, HS for customs).',
    L.ITEM_CLASSIFICATION_LISTS,
    (f) =>
      f.lines.flatMap((l, i) =>
        (l.classificationCodes ?? []).map((c, j) => ({
          path: `lines[${i}].classificationCodes[${j}].listId`,
          value: c.listId,
        })),
      ),
  ),
  codeListRule(
    'BR-CL-14',
    'Country codes in an invoice must be coded using ISO 3166-1.',
    'Use the two-letter ISO 3166-1 code, e.g. FI, SE, DE.',
    countryCodes,
    (f) => {
      const out: Value[] = [];
      for (const [name, p] of parties(f)) {
        if (!p) continue;
        out.push({ path: `${name}.address.countryCode`, value: p.address?.countryCode });
        if (f.format === 'json' && p.countryCode !== p.address?.countryCode)
          out.push({ path: `${name}.countryCode`, value: p.countryCode });
      }
      out.push({ path: 'delivery.address.countryCode', value: f.inv.delivery?.address?.countryCode });
      return out;
    },
  ),
  lineCodeListRule(
    'BR-CL-15',
    'Item country of origin (BT-159) must be coded using ISO 3166-1.',
    'Use the two-letter ISO 3166-1 code of the country of origin.',
    countryCodes,
    'originCountry',
    (l) => l.originCountry,
  ),
  codeListRule(
    'BR-CL-16',
    'Payment means (BT-81) must be coded using UNCL 4461.',
    'Use a UNCL 4461 code: 30 credit transfer, 58 SEPA credit transfer, 49 direct debit, 48 card.',
    L.PAYMENT_MEANS_CODES,
    (f) => (f.inv.paymentMeans ?? []).map((pm, i) => ({ path: `paymentMeans[${i}].typeCode`, value: pm.typeCode })),
  ),
  codeListRule(
    'BR-CL-17',
    'VAT category codes of the VAT breakdown and of document allowances and charges must be coded using UNCL 5305.',
    'Use S, Z, E, AE, K, G, O, L or M.',
    L.VAT_CATEGORY_CODES,
    (f) => [
      ...f.breakdown.map((b, i) => ({ path: `vatBreakdown[${i}].category`, value: b.category })),
      ...(f.inv.allowanceCharges ?? []).map((ac, i) => ({
        path: `allowanceCharges[${i}].vatCategory`,
        value: ac.vatCategory,
      })),
    ],
  ),
  lineCodeListRule(
    'BR-CL-18',
    'Invoice line VAT category codes (BT-151) must be coded using UNCL 5305.',
    'Use S, Z, E, AE, K, G, O, L or M.',
    L.VAT_CATEGORY_CODES,
    'vatCategory',
    (l) => l.vatCategory,
  ),
  codeListRule(
    'BR-CL-19',
    'Coded allowance reasons must belong to the UNCL 5189 code list.',
    'Use a UNCL 5189 allowance reason (e.g. 95 discount, 41 bonus), or give the reason as text only.',
    L.ALLOWANCE_REASON_CODES,
    (f) => reasonCodes(f, false),
  ),
  codeListRule(
    'BR-CL-20',
    'Coded charge reasons must belong to the UNCL 7161 code list.',
    'Use a UNCL 7161 charge reason (e.g. FC freight, ABL packaging), or give the reason as text only.',
    L.CHARGE_REASON_CODES,
    (f) => reasonCodes(f, true),
  ),
  lineCodeListRule(
    'BR-CL-21',
    'Item standard identifier scheme (BT-157) must belong to the ISO 6523 ICD code list.',
    'Use an ISO 6523 ICD scheme, e.g. 0160 for GTIN.',
    L.ICD_CODES,
    'standardItemId.schemeId',
    (l) => l.standardItemId?.schemeId,
  ),
  codeListRule(
    'BR-CL-22',
    'VAT exemption reason code (BT-121) must belong to the CEF VATEX code list.',
    'Use a VATEX code, e.g. VATEX-EU-AE for reverse charge or VATEX-EU-IC for intra-community supply.',
    // The Schematron upper-cases the code before looking it up: vatex-eu-ae is accepted.
    L.VATEX_CODES,
    (f) =>
      f.breakdown.map((b, i) => ({ path: `vatBreakdown[${i}].exemptionReasonCode`, value: b.exemptionReasonCode })),
    (v) => v.trim().toUpperCase(),
  ),
  lineCodeListRule(
    'BR-CL-23',
    'Unit code (BT-130) must be coded according to UN/ECE Recommendation 20 with the Rec 21 extension.',
    'Use a UN/ECE Rec 20 unit, e.g. C62 (one), H87 (piece), HUR (hour), KGM (kg).',
    L.UNIT_CODES,
    'unitCode',
    (l) => l.unitCode,
  ),
  codeListRule(
    'BR-CL-25',
    'Endpoint identifier scheme (BT-34-1, BT-49-1) must belong to the CEF EAS code list.',
    'Use an EAS code, e.g. 0088 (GLN), 0007 (Swedish org no), 0192 (Norwegian org no), EM (e-mail).',
    L.EAS_CODES,
    (f) => [
      { path: 'seller.electronicAddress.schemeId', value: f.inv.seller?.electronicAddress?.schemeId },
      { path: 'buyer.electronicAddress.schemeId', value: f.inv.buyer?.electronicAddress?.schemeId },
    ],
  ),
  codeListRule(
    'BR-CL-03',
    'The currency of an amount (currencyID) must be coded using ISO 4217 alpha-3.',
    'Write every amount with the ISO 4217 code of its currency, e.g. currencyID="EUR".',
    L.CURRENCY_CODES,
    (f) => {
      // UBL: every amount element (one missing currencyID counts as an empty code); CII: the VAT totals.
      // Canonical JSON has no per-amount currency: its amounts are in BT-5 / BT-6 (BR-CL-04 / 05).
      if (f.format === 'ubl')
        return (f.inv.amountCurrencyIds ?? []).map((c) => ({ path: 'amountCurrencyIds', value: c }));
      if (f.format === 'cii')
        return (f.inv.taxTotals ?? []).map((t, i) => ({ path: `taxTotals[${i}].currency`, value: t.currency }));
      return [];
    },
  ),
  codeListRule(
    'BR-CL-07',
    'An object identifier scheme (BT-18-1, BT-128-1) must be coded using a restriction of UNTDID 1153.',
    'Use a UNTDID 1153 reference qualifier (e.g. AAA, ABT) as the scheme of the object identifier.',
    L.OBJECT_ID_SCHEMES,
    (f) => {
      // UBL judges the scheme of an invoiced object reference (document type 130); CII any ram:ReferenceTypeCode.
      const judged = (d: CanonicalDocumentReference) => f.format === 'cii' || d.typeCode === '130';
      const out: Value[] = [];
      (f.inv.additionalDocuments ?? []).forEach((d, i) => {
        if (judged(d)) out.push({ path: `additionalDocuments[${i}].schemeId`, value: d.schemeId });
      });
      f.lines.forEach((l, li) =>
        (l.documentReferences ?? []).forEach((d, i) => {
          if (judged(d)) out.push({ path: `lines[${li}].documentReferences[${i}].schemeId`, value: d.schemeId });
        }),
      );
      return out;
    },
  ),
  codeListRule(
    'BR-CL-11',
    'Any registration identifier scheme (BT-30-1, BT-47-1) must be coded using the ISO 6523 ICD list.',
    'Use an ISO 6523 ICD scheme for the legal registration identifier (e.g. 0007 Swedish org no, 0037 Finnish business id).',
    L.ICD_CODES,
    (f) =>
      parties(f).map(([name, p]) => ({
        path: `${name}.legalRegistrationSchemeId`,
        value: p?.legalRegistrationSchemeId,
      })),
  ),
  en16931Rule({
    id: 'BR-CL-24',
    category: 'data-quality',
    description: 'The MIME code of an attached document (BT-125-1) must be one the standard allows.',
    hint: 'Attach the document as PDF, PNG, JPEG, CSV, XLSX or ODS, with that MIME code.',
    check(f, report) {
      (f.inv.additionalDocuments ?? []).forEach((d, i) => {
        const mime = d.attachment?.mimeCode;
        // Compared exactly as written, as the Schematron does.
        if (mime !== undefined && !L.MIME_CODES.has(mime))
          report({
            fieldPath: `additionalDocuments[${i}].attachment.mimeCode`,
            expected: [...L.MIME_CODES].join(', '),
            actual: mime,
          });
      });
    },
  }),
];

function reasonCodes(f: InvoiceFacts, charge: boolean): Value[] {
  const out: Value[] = [];
  (f.inv.allowanceCharges ?? []).forEach((ac, i) => {
    if (ac.chargeIndicator === charge) out.push({ path: `allowanceCharges[${i}].reasonCode`, value: ac.reasonCode });
  });
  f.lines.forEach((l, li) =>
    (l.allowanceCharges ?? []).forEach((ac, ai) => {
      if (ac.chargeIndicator === charge)
        out.push({ path: `lines[${li}].allowanceCharges[${ai}].reasonCode`, value: ac.reasonCode });
    }),
  );
  return out;
}
