import type { Finding } from '@app/rules';
import { child, childAlong, descendants, elementPath, type XmlNode } from '../../xml/xml-node';
import { syntaxFinding } from '../syntax-finding.factory';

/**
 * The fatal CII data-type rules (CII-DT-*) of the EN 16931 CII binding: attributes and children the
 * data types must not carry, the VAT tax type, and the 102 date format. Contexts follow the official
 * Schematron, including that a node claimed by an earlier rule of the pattern is not checked again
 * (which is why CII-DT-005..007 and CII-DT-010..012 can never fire and are left out).
 */

export const REFERENCED_DOCUMENT_CHILDREN: [string, string, (doc: XmlNode, typeCode: string | undefined) => boolean][] =
  [
    // [rule, forbidden child, allowed when]
    ['CII-DT-015', 'URIID', (d, t) => d.name === 'AdditionalReferencedDocument' && t === '916'],
    ['CII-DT-016', 'StatusCode', () => false],
    ['CII-DT-017', 'CopyIndicator', () => false],
    [
      'CII-DT-018',
      'TypeCode',
      (d, t) => d.name === 'AdditionalReferencedDocument' && (t === '50' || t === '130' || t === '916'),
    ],
    ['CII-DT-019', 'GlobalID', () => false],
    ['CII-DT-020', 'RevisionID', () => false],
    ['CII-DT-021', 'Name', (d, t) => d.name === 'AdditionalReferencedDocument' && t === '916'],
    ['CII-DT-022', 'AttachmentBinaryObject', (d, t) => d.name === 'AdditionalReferencedDocument' && t === '916'],
    ['CII-DT-023', 'Information', () => false],
    ['CII-DT-024', 'ReferenceTypeCode', (d, t) => d.name === 'AdditionalReferencedDocument' && t === '130'],
    ['CII-DT-025', 'SectionName', () => false],
    ['CII-DT-026', 'PreviousRevisionID', () => false],
    ['CII-DT-027', 'FormattedIssueDateTime', (d) => d.name === 'InvoiceReferencedDocument'],
    ['CII-DT-028', 'EffectiveSpecifiedPeriod', () => false],
    ['CII-DT-029', 'IssuerTradeParty', () => false],
    ['CII-DT-030', 'AttachedSpecifiedBinaryFile', () => false],
  ];

export const BILLING_PERIOD_CHILDREN: [string, string[]][] = [
  ['CII-DT-068', ['StartDateTime', 'DateTime']],
  ['CII-DT-069', ['DurationMeasure']],
  ['CII-DT-070', ['InclusiveIndicator']],
  ['CII-DT-071', ['Description']],
  ['CII-DT-072', ['EndDateTime', 'DateTime']],
  ['CII-DT-073', ['CompleteDateTime']],
  ['CII-DT-074', ['OpenIndicator']],
  ['CII-DT-075', ['SeasonCode']],
  ['CII-DT-076', ['ID']],
  ['CII-DT-077', ['Name']],
  ['CII-DT-078', ['SequenceNumeric']],
  ['CII-DT-079', ['StartDateFlexibilityCode']],
  ['CII-DT-080', ['ContinuousIndicator']],
  ['CII-DT-081', ['PurposeCode']],
];

export const ADDRESS_CHILDREN: [string, string][] = [
  ['CII-DT-082', 'ID'],
  ['CII-DT-083', 'PostOfficeBox'],
  ['CII-DT-084', 'BuildingName'],
  ['CII-DT-086', 'LineFour'],
  ['CII-DT-087', 'LineFive'],
  ['CII-DT-088', 'StreetName'],
  ['CII-DT-089', 'CitySubDivisionName'],
  ['CII-DT-090', 'CountryName'],
  ['CII-DT-091', 'CountrySubDivisionID'],
  ['CII-DT-092', 'AttentionOf'],
  ['CII-DT-093', 'CareOf'],
  ['CII-DT-094', 'BuildingNumber'],
  ['CII-DT-095', 'DepartmentName'],
  ['CII-DT-096', 'AdditionalStreetName'],
];

export const ID_ATTRIBUTES: [string, string][] = [
  ['CII-DT-001', 'schemeName'],
  ['CII-DT-002', 'schemeAgencyName'],
  ['CII-DT-003', 'schemeDataURI'],
  ['CII-DT-004', 'schemeURI'],
];

export const QUANTITY_ATTRIBUTES: [string, string][] = [
  ['CII-DT-034', 'unitCodeListID'],
  ['CII-DT-035', 'unitCodeListAgencyID'],
  ['CII-DT-036', 'unitCodeListAgencyName'],
];

// CII-DT-097 as published with the 1.3.x artefacts: eight digits forming a month 01-12 and a day 01-31.
const DATE_102 = /^\s*(\d{4})(1[0-2]|0[1-9])(3[01]|[12][0-9]|0[1-9])\s*$/;

/**
 * Elements the syntax rules of the same pattern claim first: their own data-type checks are never
 * evaluated by the official validation (a Schematron node is matched by one rule per pattern).
 */
const CLAIMED_PATHS = new Set([
  'CrossIndustryInvoice/ExchangedDocumentContext',
  'CrossIndustryInvoice/ExchangedDocument',
  'CrossIndustryInvoice/ExchangedDocument/IncludedNote',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedTradeProduct',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedTradeProduct/ApplicableProductCharacteristic',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedLineTradeAgreement',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedLineTradeDelivery',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/IncludedSupplyChainTradeLineItem/SpecifiedLineTradeSettlement',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeDelivery',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement',
  'CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementHeaderMonetarySummation',
]);

function isClaimed(node: XmlNode): boolean {
  return CLAIMED_PATHS.has(elementPath(node).slice(1)) || node.name.endsWith('DocumentContextParameter');
}

/** `ram:` elements only: the binding's data-type contexts are written as `//ram:*[...]`. */
function isRam(node: XmlNode): boolean {
  return node.qname.startsWith('ram:') || !node.qname.includes(':');
}

export function checkCiiDataTypes(root: XmlNode): Finding[] {
  const findings: Finding[] = [];
  const fatal = (id: string, node: XmlNode, message: string, actual?: string) =>
    findings.push(syntaxFinding(id, 'blocking', elementPath(node), message, actual));

  // CII-DT-013/014: on the root element.
  if (root.attrs.languageID !== undefined) fatal('CII-DT-013', root, 'languageID should not be present');
  if (root.attrs.languageLocaleID !== undefined) fatal('CII-DT-014', root, 'languageLocaleID should not be present');

  // CII-DT-033 is met by any billed quantity with a unit anywhere in the invoice.
  const anyBilledUnit = descendants(root).some((n) => n.name === 'BilledQuantity' && n.attrs.unitCode !== undefined);

  for (const node of descendants(root)) {
    if (node === root) continue;
    if (
      node.name === 'DateTimeString' &&
      node.attrs.format === '102' &&
      node.parent?.name !== 'FormattedIssueDateTime' &&
      !DATE_102.test(node.text)
    ) {
      fatal('CII-DT-097', node, 'Date time string with format attribute 102 shall be YYYYMMDD', node.text);
    }
    if (!isRam(node) || isClaimed(node)) continue;
    const name = node.name;
    if (name.endsWith('ID')) {
      for (const [id, attribute] of ID_ATTRIBUTES)
        if (node.attrs[attribute] !== undefined) fatal(id, node, `${attribute} should not be present`);
    } else if (name === 'TypeCode') {
      if (node.attrs.name !== undefined) fatal('CII-DT-008', node, 'name should not be present');
      if (node.attrs.listURI !== undefined) fatal('CII-DT-009', node, 'listURI should not be present');
    } else if (name.endsWith('ReferencedDocument')) {
      const typeCode = child(node, 'TypeCode')?.text;
      for (const [id, forbidden, allowed] of REFERENCED_DOCUMENT_CHILDREN) {
        if (child(node, forbidden) && !allowed(node, typeCode)) fatal(id, node, `${forbidden} should not be present`);
      }
    } else if (name.endsWith('Amount') && name !== 'TaxTotalAmount') {
      if (node.attrs.currencyID !== undefined)
        fatal('CII-DT-031', node, 'currencyID should not be present', node.attrs.currencyID);
      if (node.attrs.currencyCodeListVersionID !== undefined)
        fatal('CII-DT-032', node, 'currencyCodeListVersionID should not be present');
    } else if (name.endsWith('Quantity')) {
      if (node.attrs.unitCode !== undefined && !anyBilledUnit)
        fatal('CII-DT-033', node, 'unitCode should not be present');
      for (const [id, attribute] of QUANTITY_ATTRIBUTES)
        if (node.attrs[attribute] !== undefined) fatal(id, node, `${attribute} should not be present`);
    } else if (name.endsWith('TradeTax')) {
      const typeCode = child(node, 'TypeCode');
      if (typeCode && typeCode.text !== 'VAT') fatal('CII-DT-037', typeCode, "TypeCode shall be 'VAT'", typeCode.text);
    } else if (name === 'BillingSpecifiedPeriod') {
      for (const [id, path] of BILLING_PERIOD_CHILDREN)
        if (childAlong(node, path)) fatal(id, node, `${path.join('/')} shall not be used`);
    } else if (name === 'PostalTradeAddress') {
      for (const [id, forbidden] of ADDRESS_CHILDREN)
        if (child(node, forbidden)) fatal(id, node, `${forbidden} shall not be used`);
    }
  }
  return findings;
}
