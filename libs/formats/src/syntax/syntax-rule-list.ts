import {
  ADDRESS_CHILDREN,
  BILLING_PERIOD_CHILDREN,
  ID_ATTRIBUTES,
  QUANTITY_ATTRIBUTES,
  REFERENCED_DOCUMENT_CHILDREN,
} from './cii/cii-data-type.rules';
import { CII_SYNTAX_RULES } from './cii/cii-syntax-rule-table';
import { DOCUMENT_RULES, LINE_RULES, NESTED_RULES } from './ubl/ubl-cardinality.rules';
import { UNUSED_ATTRIBUTES } from './ubl/ubl-data-type.rules';
import { UNUSED } from './ubl/ubl-unused-element.rules';

/**
 * The kind of check a syntax rule makes, which is also how its text is written: rules of one family
 * share one sentence with the element filled in; 'specific' rules have a sentence of their own.
 */
export type SyntaxRuleFamily =
  | 'ubl-unused'
  | 'ubl-max-once'
  | 'ubl-payee-max-once'
  | 'attribute-absent'
  | 'absent'
  | 'max-once'
  | 'exactly-once'
  | 'not-used'
  | 'specific';

export interface SyntaxRuleInfo {
  id: string;
  family: SyntaxRuleFamily;
  /** The element or attribute the rule is about, as written in the XML (never translated). */
  element: string;
}

/** Rules with a sentence of their own (the element names what the rule looks at). */
const SPECIFIC: [string, string][] = [
  ['UBL-CR-002', 'UBLVersionID'],
  ['UBL-CR-665', 'AdditionalDocumentReference/ID@schemeID'],
  ['UBL-CR-666', 'AdditionalDocumentReference/Attachment'],
  ['UBL-CR-673', 'AdditionalDocumentReference/DocumentDescription'],
  ['UBL-SR-07', 'BillingReference/InvoiceDocumentReference/ID'],
  ['UBL-SR-29', 'PartyIdentification/ID@schemeID=SEPA'],
  ['UBL-SR-43', 'AdditionalDocumentReference/ID@schemeID'],
  ['UBL-SR-44', 'PaymentID'],
  ['UBL-SR-47', 'PaymentMeansCode'],
  ['UBL-SR-48', 'Item/ClassifiedTaxCategory'],
  ['UBL-SR-51', 'AddressLine'],
  ['UBL-SR-53', 'PartyTaxScheme/CompanyID'],
  ['UBL-DT-01', 'Amount'],
  ['UBL-DT-06', 'EmbeddedDocumentBinaryObject@mimeCode'],
  ['UBL-DT-07', 'EmbeddedDocumentBinaryObject@filename'],
  ['CII-SR-046', 'GlobalID@schemeID'],
  ['CII-DT-037', 'TypeCode'],
  ['CII-DT-097', 'DateTimeString'],
];

/** Every rule the XML reader can raise on its own (UBL-CR/SR/DT, CII-SR/DT), with its family and element. */
export function listSyntaxRules(): SyntaxRuleInfo[] {
  const out: SyntaxRuleInfo[] = [];
  const add = (id: string, family: SyntaxRuleFamily, element: string) => out.push({ id, family, element });
  for (const [id, path] of UNUSED) add(id, 'ubl-unused', path.replace(/^\/\//, ''));
  for (const r of DOCUMENT_RULES) add(r.id, r.max === 1 ? 'ubl-max-once' : 'specific', r.path);
  for (const r of LINE_RULES) add(r.id, 'ubl-max-once', `InvoiceLine/${r.path}`);
  for (const [context, rules] of NESTED_RULES) for (const r of rules) add(r.id, 'ubl-max-once', `${context}/${r.path}`);
  add('UBL-SR-30', 'ubl-max-once', 'AllowanceCharge/AllowanceChargeReason');
  add('UBL-SR-31', 'ubl-max-once', 'AllowanceCharge/AllowanceChargeReason');
  add('UBL-SR-46', 'ubl-max-once', 'PaymentMeans/PaymentMeansCode@name');
  add('UBL-SR-19', 'ubl-payee-max-once', 'PayeeParty/PartyName/Name');
  add('UBL-SR-20', 'ubl-payee-max-once', 'PayeeParty/PartyIdentification/ID');
  add('UBL-SR-21', 'ubl-payee-max-once', 'PayeeParty/PartyLegalEntity/CompanyID');
  for (const [id, attribute] of UNUSED_ATTRIBUTES) add(id, 'attribute-absent', `@${attribute}`);
  add('UBL-DT-18', 'attribute-absent', '@name');
  for (const [, rules] of CII_SYNTAX_RULES) for (const r of rules) add(r.id, r.kind, r.path);
  for (const [id, attribute] of [...ID_ATTRIBUTES, ...QUANTITY_ATTRIBUTES])
    add(id, 'attribute-absent', `@${attribute}`);
  add('CII-DT-008', 'attribute-absent', 'TypeCode@name');
  add('CII-DT-009', 'attribute-absent', 'TypeCode@listURI');
  add('CII-DT-013', 'attribute-absent', '@languageID');
  add('CII-DT-014', 'attribute-absent', '@languageLocaleID');
  add('CII-DT-031', 'attribute-absent', '@currencyID');
  add('CII-DT-032', 'attribute-absent', '@currencyCodeListVersionID');
  add('CII-DT-033', 'attribute-absent', '@unitCode');
  for (const [id, child] of REFERENCED_DOCUMENT_CHILDREN) add(id, 'absent', child);
  for (const [id, path] of BILLING_PERIOD_CHILDREN) add(id, 'not-used', `BillingSpecifiedPeriod/${path.join('/')}`);
  for (const [id, child] of ADDRESS_CHILDREN) add(id, 'not-used', `PostalTradeAddress/${child}`);
  for (const [id, element] of SPECIFIC) add(id, 'specific', element);
  return out;
}
