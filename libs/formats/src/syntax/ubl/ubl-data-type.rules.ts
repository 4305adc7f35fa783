import type { Finding } from '@app/rules';
import { descendants, descendantsNamed, descendantsWithAttribute, elementPath, type XmlNode } from '../../xml/xml-node';
import { syntaxFinding } from '../syntax-finding.factory';

/** Attributes the EN 16931 UBL binding does not use (UBL-DT-08..28, warnings). */
export const UNUSED_ATTRIBUTES: [string, string, string][] = [
  ['UBL-DT-08', 'schemeName', 'Scheme name attribute should not be present'],
  ['UBL-DT-09', 'schemeAgencyName', 'Scheme agency name attribute should not be present'],
  ['UBL-DT-10', 'schemeDataURI', 'Scheme data uri attribute should not be present'],
  ['UBL-DT-11', 'schemeURI', 'Scheme uri attribute should not be present'],
  ['UBL-DT-12', 'format', 'Format attribute should not be present'],
  ['UBL-DT-13', 'unitCodeListIdentifier', 'Unit code list identifier attribute should not be present'],
  ['UBL-DT-14', 'unitCodeListAgencyIdentifier', 'Unit code list agency identifier attribute should not be present'],
  ['UBL-DT-15', 'unitCodeListAgencyName', 'Unit code list agency name attribute should not be present'],
  ['UBL-DT-16', 'listAgencyName', 'List agency name attribute should not be present'],
  ['UBL-DT-17', 'listName', 'List name attribute should not be present'],
  ['UBL-DT-19', 'languageID', 'Language identifier attribute should not be present'],
  ['UBL-DT-20', 'listURI', 'List uri attribute should not be present'],
  ['UBL-DT-21', 'listSchemeURI', 'List scheme uri attribute should not be present'],
  ['UBL-DT-22', 'languageLocaleID', 'Language local identifier attribute should not be present'],
  ['UBL-DT-23', 'uri', 'Uri attribute should not be present'],
  ['UBL-DT-24', 'currencyCodeListVersionID', 'Currency code list version id should not be present'],
  ['UBL-DT-25', 'characterSetCode', 'CharacterSetCode attribute should not be present'],
  ['UBL-DT-26', 'encodingCode', 'EncodingCode attribute should not be present'],
  ['UBL-DT-27', 'schemeAgencyID', 'Scheme Agency ID attribute should not be present'],
  ['UBL-DT-28', 'listAgencyID', 'List Agency ID attribute should not be present'],
];

/** Invoice-level amount elements (BT-92.., BT-106..115, BT-116/117, BT-131, BT-136..); item prices are excluded. */
const AMOUNT_ELEMENTS = new Set([
  'Amount',
  'BaseAmount',
  'TaxAmount',
  'TaxableAmount',
  'LineExtensionAmount',
  'TaxExclusiveAmount',
  'TaxInclusiveAmount',
  'AllowanceTotalAmount',
  'ChargeTotalAmount',
  'PrepaidAmount',
  'PayableRoundingAmount',
  'PayableAmount',
]);
const AMOUNT_NAMES = [...AMOUNT_ELEMENTS];

/** Length of `text.split('.')[1] ?? ''` (the digits after the first point) without splitting. */
function fractionLength(text: string): number {
  const dot = text.indexOf('.');
  if (dot < 0) return 0;
  const next = text.indexOf('.', dot + 1);
  return (next < 0 ? text.length : next) - dot - 1;
}

function insidePrice(node: XmlNode): boolean {
  for (let n = node.parent; n; n = n.parent) if (n.name === 'Price') return true;
  return false;
}

/** Whether the walk of checkUblDataTypes would report UBL-DT-01, -06 or -07. */
function hasWrongAmountOrBinary(root: XmlNode): boolean {
  for (const name of AMOUNT_NAMES)
    for (const node of descendantsNamed(root, name))
      if (fractionLength(node.text) > 2 && !insidePrice(node)) return true;
  for (const node of descendantsNamed(root, 'EmbeddedDocumentBinaryObject'))
    if (node.attrs.mimeCode === undefined || node.attrs.filename === undefined) return true;
  return false;
}

/** UBL-DT-*: data type restrictions of the binding (amount decimals, binary object attributes, unused attributes). */
export function checkUblDataTypes(root: XmlNode): Finding[] {
  const findings: Finding[] = [];
  // The amounts and binary objects are found by name (the parser's index); the walk below, which
  // reports in document order, runs only when one of them is wrong.
  const every = hasWrongAmountOrBinary(root) ? descendants(root) : [];
  for (const node of every) {
    // Item prices (BT-146..148) may have more decimals than invoice amounts.
    if (AMOUNT_ELEMENTS.has(node.name) && !insidePrice(node)) {
      if (fractionLength(node.text) > 2) {
        findings.push(
          syntaxFinding(
            'UBL-DT-01',
            'blocking',
            elementPath(node),
            'Amounts shall be decimal up to two fraction digits',
            node.text,
          ),
        );
      }
    }
    if (node.name === 'EmbeddedDocumentBinaryObject') {
      if (node.attrs.mimeCode === undefined) {
        findings.push(
          syntaxFinding(
            'UBL-DT-06',
            'blocking',
            elementPath(node),
            'Binary object elements shall contain the mime code attribute',
          ),
        );
      }
      if (node.attrs.filename === undefined) {
        findings.push(
          syntaxFinding(
            'UBL-DT-07',
            'blocking',
            elementPath(node),
            'Binary object elements shall contain the file name attribute',
          ),
        );
      }
    }
  }
  for (const [id, attribute, message] of UNUSED_ATTRIBUTES) {
    const first = descendantsWithAttribute(root, attribute)[0];
    if (first) findings.push(syntaxFinding(id, 'warning', elementPath(first), message, `@${attribute}`));
  }
  const named = descendantsWithAttribute(root, 'name').find((n) => n.name !== 'PaymentMeansCode');
  if (named)
    findings.push(
      syntaxFinding('UBL-DT-18', 'warning', elementPath(named), 'Name attribute should not be present', '@name'),
    );
  return findings;
}
