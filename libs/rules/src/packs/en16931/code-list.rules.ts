import type { CanonicalLine } from '@app/domain';
import type { RuleDefinition } from '../../engine/rule';
import { en16931Rule, type Report } from './support/en16931-rule.util';
import { type InvoiceFacts } from './support/invoice-facts.util';
import * as L from './support/code-lists.data';

/** BR-CL-*: coded values must come from the code lists the standard names. */

/**
 * Hands one coded value to the check with the path of its field. The path is given as a function of
 * up to two indexes (and only called for a value that fails), so a passing invoice builds no path
 * strings and no lists of values.
 */
type Visit = (value: string | undefined, path: (i: number, j: number) => string, i?: number, j?: number) => void;
/** A code list, or the list of the syntax the invoice came in (where the UBL and CII artefacts differ). */
type List = Set<string> | ((f: InvoiceFacts) => Set<string>);
const listFor = (list: List, f: InvoiceFacts) => (typeof list === 'function' ? list(f) : list);
const countryCodes = (f: InvoiceFacts) => (f.format === 'cii' ? L.COUNTRY_CODES_CII : L.COUNTRY_CODES);

function codeListRule(
  id: string,
  description: string,
  hint: string,
  codes: List,
  values: (f: InvoiceFacts, visit: Visit) => void,
  normalise: (v: string) => string = (v) => v.trim(),
): RuleDefinition {
  // The list and report of the evaluation under way: evaluation is synchronous and never nested, so
  // one visitor per rule serves every invoice.
  let list: Set<string> = new Set();
  let report: Report = () => undefined;
  const visit: Visit = (value, path, i = 0, j = 0) => {
    if (value === undefined || list.has(normalise(value))) return;
    report({
      fieldPath: path(i, j),
      message: `${description} "${value}" is not in the list.`,
      expected: 'a listed code',
      actual: value,
    });
  };
  return en16931Rule({
    id,
    category: 'data-quality',
    description,
    hint,
    check(f, r: Report) {
      list = listFor(codes, f);
      report = r;
      values(f, visit);
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

const PARTY_ROLES = ['seller', 'buyer', 'payee', 'sellerTaxRepresentative'] as const;
const partyAt = (f: InvoiceFacts, r: number) => f.inv[PARTY_ROLES[r]];

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
    (f, visit) => visit(f.inv.currency, currencyPath),
  ),
  codeListRule(
    'BR-CL-05',
    'Tax currency code (BT-6) must be coded using ISO 4217 alpha-3.',
    'Use the three-letter ISO 4217 code of the VAT accounting currency.',
    L.CURRENCY_CODES,
    (f, visit) => visit(f.inv.taxCurrency, taxCurrencyPath),
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
    (f, visit) => {
      for (let r = 0; r < PARTY_ROLES.length; r++) {
        const name = PARTY_ROLES[r];
        const ids = partyAt(f, r)?.identifiers;
        if (!ids) continue;
        for (let i = 0; i < ids.length; i++) {
          const scheme = ids[i].schemeId;
          if (scheme === undefined) continue;
          // SEPA creditor ids are allowed for the seller and the payee only (not at all in CII).
          if (f.format !== 'cii' && scheme.trim() === 'SEPA' && (name === 'seller' || name === 'payee')) continue;
          visit(scheme, partyIdentifierPath, r, i);
        }
      }
    },
  ),
  codeListRule(
    'BR-CL-13',
    'Item classification identifier scheme must be coded using UNTDID 7143.',
    'Use a UNTDID 7143 list id (e.g. STI for CPV, TST for UNSPSC, HS for customs).',
    L.ITEM_CLASSIFICATION_LISTS,
    (f, visit) => {
      for (let i = 0; i < f.lines.length; i++) {
        const codes = f.lines[i].classificationCodes;
        if (codes) for (let j = 0; j < codes.length; j++) visit(codes[j].listId, classificationListPath, i, j);
      }
    },
  ),
  codeListRule(
    'BR-CL-14',
    'Country codes in an invoice must be coded using ISO 3166-1.',
    'Use the two-letter ISO 3166-1 code, e.g. FI, SE, DE.',
    countryCodes,
    (f, visit) => {
      for (let r = 0; r < PARTY_ROLES.length; r++) {
        const p = partyAt(f, r);
        if (!p) continue;
        visit(p.address?.countryCode, addressCountryPath, r);
        if (f.format === 'json' && p.countryCode !== p.address?.countryCode) visit(p.countryCode, partyCountryPath, r);
      }
      visit(f.inv.delivery?.address?.countryCode, deliveryCountryPath);
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
    (f, visit) => {
      const means = f.inv.paymentMeans ?? [];
      for (let i = 0; i < means.length; i++) visit(means[i].typeCode, paymentMeansCodePath, i);
    },
  ),
  codeListRule(
    'BR-CL-17',
    'VAT category codes of the VAT breakdown and of document allowances and charges must be coded using UNCL 5305.',
    'Use S, Z, E, AE, K, G, O, L or M.',
    L.VAT_CATEGORY_CODES,
    (f, visit) => {
      for (let i = 0; i < f.breakdown.length; i++) visit(f.breakdown[i].category, breakdownCategoryPath, i);
      const acs = f.inv.allowanceCharges ?? [];
      for (let i = 0; i < acs.length; i++) visit(acs[i].vatCategory, allowanceChargeCategoryPath, i);
    },
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
    (f, visit) => reasonCodes(f, false, visit),
  ),
  codeListRule(
    'BR-CL-20',
    'Coded charge reasons must belong to the UNCL 7161 code list.',
    'Use a UNCL 7161 charge reason (e.g. FC freight, ABL packaging), or give the reason as text only.',
    L.CHARGE_REASON_CODES,
    (f, visit) => reasonCodes(f, true, visit),
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
    (f, visit) => {
      for (let i = 0; i < f.breakdown.length; i++) visit(f.breakdown[i].exemptionReasonCode, exemptionCodePath, i);
    },
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
    (f, visit) => {
      visit(f.inv.seller?.electronicAddress?.schemeId, sellerEndpointSchemePath);
      visit(f.inv.buyer?.electronicAddress?.schemeId, buyerEndpointSchemePath);
    },
  ),
  codeListRule(
    'BR-CL-03',
    'The currency of an amount (currencyID) must be coded using ISO 4217 alpha-3.',
    'Write every amount with the ISO 4217 code of its currency, e.g. currencyID="EUR".',
    L.CURRENCY_CODES,
    (f, visit) => {
      // UBL: every amount element (one missing currencyID counts as an empty code); CII: the VAT totals.
      // Canonical JSON has no per-amount currency: its amounts are in BT-5 / BT-6 (BR-CL-04 / 05).
      if (f.format === 'ubl') {
        for (const c of f.inv.amountCurrencyIds ?? []) visit(c, amountCurrencyPath);
      } else if (f.format === 'cii') {
        const totals = f.inv.taxTotals ?? [];
        for (let i = 0; i < totals.length; i++) visit(totals[i].currency, taxTotalCurrencyPath, i);
      }
    },
  ),
  codeListRule(
    'BR-CL-07',
    'An object identifier scheme (BT-18-1, BT-128-1) must be coded using a restriction of UNTDID 1153.',
    'Use a UNTDID 1153 reference qualifier (e.g. AAA, ABT) as the scheme of the object identifier.',
    L.OBJECT_ID_SCHEMES,
    (f, visit) => {
      // UBL judges the scheme of an invoiced object reference (document type 130); CII any ram:ReferenceTypeCode.
      const cii = f.format === 'cii';
      const docs = f.inv.additionalDocuments ?? [];
      for (let i = 0; i < docs.length; i++)
        if (cii || docs[i].typeCode === '130') visit(docs[i].schemeId, additionalDocumentSchemePath, i);
      for (let li = 0; li < f.lines.length; li++) {
        const refs = f.lines[li].documentReferences;
        if (refs)
          for (let i = 0; i < refs.length; i++)
            if (cii || refs[i].typeCode === '130') visit(refs[i].schemeId, lineDocumentSchemePath, li, i);
      }
    },
  ),
  codeListRule(
    'BR-CL-11',
    'Any registration identifier scheme (BT-30-1, BT-47-1) must be coded using the ISO 6523 ICD list.',
    'Use an ISO 6523 ICD scheme for the legal registration identifier (e.g. 0007 Swedish org no, 0037 Finnish business id).',
    L.ICD_CODES,
    (f, visit) => {
      for (let r = 0; r < PARTY_ROLES.length; r++) visit(partyAt(f, r)?.legalRegistrationSchemeId, legalSchemePath, r);
    },
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

function reasonCodes(f: InvoiceFacts, charge: boolean, visit: Visit): void {
  const acs = f.inv.allowanceCharges ?? [];
  for (let i = 0; i < acs.length; i++)
    if (acs[i].chargeIndicator === charge) visit(acs[i].reasonCode, reasonCodePath, i);
  for (let li = 0; li < f.lines.length; li++) {
    const lineAcs = f.lines[li].allowanceCharges;
    if (lineAcs)
      for (let ai = 0; ai < lineAcs.length; ai++)
        if (lineAcs[ai].chargeIndicator === charge) visit(lineAcs[ai].reasonCode, lineReasonCodePath, li, ai);
  }
}

/** Paths of the coded fields, built only for a value that fails. */
const currencyPath = () => 'currency';
const taxCurrencyPath = () => 'taxCurrency';
const classificationListPath = (li: number, cj: number) => `lines[${li}].classificationCodes[${cj}].listId`;
const addressCountryPath = (role: number) => `${PARTY_ROLES[role]}.address.countryCode`;
const partyCountryPath = (role: number) => `${PARTY_ROLES[role]}.countryCode`;
const deliveryCountryPath = () => 'delivery.address.countryCode';
const paymentMeansCodePath = (k: number) => `paymentMeans[${k}].typeCode`;
const breakdownCategoryPath = (k: number) => `vatBreakdown[${k}].category`;
const allowanceChargeCategoryPath = (k: number) => `allowanceCharges[${k}].vatCategory`;
const exemptionCodePath = (k: number) => `vatBreakdown[${k}].exemptionReasonCode`;
const sellerEndpointSchemePath = () => 'seller.electronicAddress.schemeId';
const buyerEndpointSchemePath = () => 'buyer.electronicAddress.schemeId';
const amountCurrencyPath = () => 'amountCurrencyIds';
const taxTotalCurrencyPath = (k: number) => `taxTotals[${k}].currency`;
const additionalDocumentSchemePath = (k: number) => `additionalDocuments[${k}].schemeId`;
const lineDocumentSchemePath = (l: number, k: number) => `lines[${l}].documentReferences[${k}].schemeId`;
const legalSchemePath = (role: number) => `${PARTY_ROLES[role]}.legalRegistrationSchemeId`;
const reasonCodePath = (k: number) => `allowanceCharges[${k}].reasonCode`;
const lineReasonCodePath = (l: number, k: number) => `lines[${l}].allowanceCharges[${k}].reasonCode`;
const partyIdentifierPath = (role: number, i: number) => `${PARTY_ROLES[role]}.identifiers[${i}].schemeId`;
