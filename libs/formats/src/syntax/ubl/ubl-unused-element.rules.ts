import type { Finding } from '@app/rules';
import { child, descendantsNamed, elementPath, localNamesIn, text, type XmlNode } from '../../xml/xml-node';
import { syntaxFinding } from '../syntax-finding.factory';
import { compilePath, firstMatchOf, matchPath } from './ubl-element-path.util';

/**
 * UBL-CR-*: UBL elements and attributes the EN 16931 binding does not use. They are warnings:
 * the receiver may ignore the content, so a reviewer should know it was there.
 */
const DOCUMENT_REFERENCE_CHILDREN = [
  'CopyIndicator',
  'UUID',
  'IssueDate',
  'IssueTime',
  'DocumentTypeCode',
  'DocumentType',
  'Xpath',
  'LanguageID',
  'LocaleCode',
  'VersionID',
  'DocumentStatusCode',
  'DocumentDescription',
  'Attachment',
  'ValidityPeriod',
  'IssuerParty',
  'ResultOfVerification',
];

function series(start: number, base: string, names: string[]): [string, string][] {
  return names.map((name, i) => [`UBL-CR-${String(start + i).padStart(3, '0')}`, `${base}/${name}`]);
}

export const UNUSED: [string, string][] = [
  ['UBL-CR-001', 'UBLExtensions'],
  ...series(3, '', [
    'ProfileExecutionID',
    'CopyIndicator',
    'UUID',
    'IssueTime',
    'PricingCurrencyCode',
    'PaymentCurrencyCode',
    'PaymentAlternativeCurrencyCode',
    'AccountingCostCode',
    'LineCountNumeric',
  ]),
  ...series(12, 'InvoicePeriod', ['StartTime', 'EndTime', 'DurationMeasure', 'Description']),
  ...series(16, 'OrderReference', [
    'CopyIndicator',
    'UUID',
    'IssueDate',
    'IssueTime',
    'CustomerReference',
    'OrderTypeCode',
    'DocumentReference',
  ]),
  ...series(
    23,
    'BillingReference/InvoiceDocumentReference',
    DOCUMENT_REFERENCE_CHILDREN.filter((n) => n !== 'IssueDate'),
  ),
  ...series(38, 'BillingReference', [
    'SelfBilledInvoiceDocumentReference',
    'CreditNoteDocumentReference',
    'SelfBilledCreditNoteDocumentReference',
    'DebitNoteDocumentReference',
    'ReminderDocumentReference',
    'AdditionalDocumentReference',
    'BillingReferenceLine',
  ]),
  ...series(45, 'DespatchDocumentReference', DOCUMENT_REFERENCE_CHILDREN),
  ...series(61, 'ReceiptDocumentReference', DOCUMENT_REFERENCE_CHILDREN),
  ['UBL-CR-077', 'StatementDocumentReference'],
  ...series(78, 'OriginatorDocumentReference', DOCUMENT_REFERENCE_CHILDREN),
  ...series(94, 'ContractDocumentReference', DOCUMENT_REFERENCE_CHILDREN.slice(0, 8)),
  ['UBL-CR-648', 'CustomizationID@schemeID'],
  ['UBL-CR-649', 'ProfileID@schemeID'],
  ['UBL-CR-650', 'ID@schemeID'],
  ['UBL-CR-651', 'OrderReference/SalesOrderID@schemeID'],
  ['UBL-CR-652', '//PartyTaxScheme/CompanyID@schemeID'],
  ['UBL-CR-653', '//PaymentID@schemeID'],
  ['UBL-CR-654', '//PayeeFinancialAccount/ID@schemeID'],
  ['UBL-CR-655', '//FinancialInstitutionBranch/ID@schemeID'],
  ['UBL-CR-656', 'InvoiceTypeCode@listID'],
  ['UBL-CR-657', 'DocumentCurrencyCode@listID'],
  ['UBL-CR-658', 'TaxCurrencyCode@listID'],
  ['UBL-CR-659', 'AdditionalDocumentReference/DocumentTypeCode@listID'],
  ['UBL-CR-660', '//Country/IdentificationCode@listID'],
  ['UBL-CR-661', '//PaymentMeansCode@listID'],
  ['UBL-CR-662', '//AllowanceChargeReasonCode@listID'],
  ['UBL-CR-663', '//@unitCodeListID'],
  ['UBL-CR-664', '//FinancialInstitutionBranch/FinancialInstitution'],
  ['UBL-CR-667', '//BuyersItemIdentification/ID@schemeID'],
  ['UBL-CR-668', '//SellersItemIdentification/ID@schemeID'],
  ['UBL-CR-669', '//Price/AllowanceCharge/AllowanceChargeReasonCode'],
  ['UBL-CR-670', '//Price/AllowanceCharge/AllowanceChargeReason'],
  ['UBL-CR-671', '//Price/AllowanceCharge/MultiplierFactorNumeric'],
  ['UBL-CR-672', 'CreditNoteTypeCode@listID'],
  ['UBL-CR-674', '//PrimaryAccountNumberID@schemeID'],
  ['UBL-CR-675', '//NetworkID@schemeID'],
  ['UBL-CR-676', '//PaymentMandate/ID@schemeID'],
  ['UBL-CR-677', '//PayerFinancialAccount/ID@schemeID'],
  ['UBL-CR-678', '//TaxCategory/ID@schemeID'],
  ['UBL-CR-679', '//ClassifiedTaxCategory/ID@schemeID'],
  ['UBL-CR-680', 'PaymentMeans/PayerFinancialAccount'],
  ['UBL-CR-681', 'PaymentMeans/InstructionNote'],
  ['UBL-CR-682', 'Delivery/DeliveryAddress'],
];

/**
 * Each path of UNUSED compiled once, and the message of its finding, by position: the check looks at
 * them in every document, and took a look-up of the path's text and an array destructuring per path.
 */
const UNUSED_PATHS = UNUSED.map(([, path]) => compilePath(path));
const UNUSED_MESSAGES = UNUSED.map(
  ([, path]) => `${path.replace(/^\/\//, '')} is not used by EN 16931 and should not be present`,
);
/**
 * Positions in UNUSED of the paths ending in each element name, and of the paths any element may
 * match (an attribute alone, "//@attr"): a document is matched only against the paths whose last
 * element it has (a few dozen of them), in the order of UNUSED.
 */
const UNUSED_BY_LAST_NAME = new Map<string, number[]>();
const UNUSED_ANY_ELEMENT: number[] = [];
UNUSED_PATHS.forEach(({ steps }, i) => {
  if (steps.length === 0) UNUSED_ANY_ELEMENT.push(i);
  else {
    const last = steps[steps.length - 1];
    const list = UNUSED_BY_LAST_NAME.get(last);
    if (list) list.push(i);
    else UNUSED_BY_LAST_NAME.set(last, [i]);
  }
});
const EVERY_UNUSED = UNUSED.map((_, i) => i);
/** Marks of the paths a document may match, by position in UNUSED (reset after each use). */
const MAY_MATCH = new Uint8Array(UNUSED.length);

/** Positions in UNUSED of the paths the document may match, ascending. */
function unusedCandidates(root: XmlNode): number[] {
  const names = localNamesIn(root);
  if (names === undefined) return EVERY_UNUSED;
  for (const i of UNUSED_ANY_ELEMENT) MAY_MATCH[i] = 1;
  for (const name of names) {
    const list = UNUSED_BY_LAST_NAME.get(name);
    if (list) for (let k = 0; k < list.length; k++) MAY_MATCH[list[k]] = 1;
  }
  const out: number[] = [];
  for (let i = 0; i < MAY_MATCH.length; i++) {
    if (MAY_MATCH[i] === 0) continue;
    MAY_MATCH[i] = 0;
    // A path matches only where every element it steps through occurs (most paths end in a common
    // name such as ID but start at an element the document does not have).
    const steps = UNUSED_PATHS[i].steps;
    let present = true;
    for (let s = 0; s < steps.length - 1 && present; s++) present = descendantsNamed(root, steps[s]).length > 0;
    if (present) out.push(i);
  }
  return out;
}

export function checkUblUnusedElements(root: XmlNode): Finding[] {
  const findings: Finding[] = [];
  const candidates = unusedCandidates(root);
  for (let k = 0; k < candidates.length; k++) {
    const i = candidates[k];
    const first = firstMatchOf(root, UNUSED_PATHS[i]);
    if (first) findings.push(syntaxFinding(UNUSED[i][0], 'warning', elementPath(first), UNUSED_MESSAGES[i]));
  }
  const version = child(root, 'UBLVersionID');
  if (version && version.text !== '2.1') {
    findings.push(
      syntaxFinding(
        'UBL-CR-002',
        'warning',
        elementPath(version),
        'A UBL invoice should not include the UBLVersionID or it should be 2.1',
        version.text,
      ),
    );
  }
  for (const ref of matchPath(root, 'AdditionalDocumentReference')) {
    const isInvoicedObject = text(ref, 'DocumentTypeCode') === '130';
    if (!isInvoicedObject && child(ref, 'ID')?.attrs.schemeID !== undefined) {
      findings.push(
        syntaxFinding(
          'UBL-CR-665',
          'warning',
          elementPath(ref),
          'An AdditionalDocumentReference ID should not have a schemeID unless the DocumentTypeCode equals 130',
        ),
      );
    }
    if (isInvoicedObject && child(ref, 'Attachment')) {
      findings.push(
        syntaxFinding(
          'UBL-CR-666',
          'blocking',
          elementPath(ref),
          'An AdditionalDocumentReference shall not refer to an invoiced object identifier and an attachment at the same time',
        ),
      );
    }
    if (isInvoicedObject && child(ref, 'DocumentDescription')) {
      findings.push(
        syntaxFinding(
          'UBL-CR-673',
          'blocking',
          elementPath(ref),
          'An AdditionalDocumentReference shall not refer to an invoiced object identifier and a document description at the same time',
        ),
      );
    }
  }
  return findings;
}
