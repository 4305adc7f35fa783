import type { CanonicalDocumentReference } from '@app/domain';
import { compact, kept } from '../mapping/compact.util';
import { attr, child, descendantsNamed, text, type XmlNode } from '../xml/xml-node';

/**
 * cac:AdditionalDocumentReference (BG-24, BT-18) or a line's cac:DocumentReference (BT-128). The
 * reference is kept as written (blank included, for BR-52); of an embedded attachment only the MIME
 * code (untrimmed, as BR-CL-24 compares it) and the file name are kept, never the content.
 */
export function readUblDocumentReference(ref: XmlNode): CanonicalDocumentReference {
  const id = child(ref, 'ID');
  const binary = child(ref, 'Attachment', 'EmbeddedDocumentBinaryObject');
  const fields = compact({
    typeCode: text(ref, 'DocumentTypeCode'),
    schemeId: attr(id, 'schemeID'),
    description: text(ref, 'DocumentDescription'),
    uri: text(ref, 'Attachment', 'ExternalReference', 'URI'),
  });
  // Built field by field in the order the spreads of the kept fields gave: a spread of a second
  // object is a generic property copy in V8.
  const reference: CanonicalDocumentReference = fields
    ? {
        id: id?.text ?? '',
        typeCode: fields.typeCode,
        schemeId: fields.schemeId,
        description: fields.description,
        uri: fields.uri,
      }
    : { id: id?.text ?? '' };
  if (binary) {
    const attachment: { mimeCode?: string; filename?: string } = {};
    if (binary.attrs.mimeCode !== undefined) attachment.mimeCode = binary.attrs.mimeCode;
    const filename = attr(binary, 'filename');
    if (kept(filename)) attachment.filename = filename;
    reference.attachment = attachment;
  }
  return reference;
}

/** UBL amount elements whose currencyID BR-CL-03 judges. */
const AMOUNT_ELEMENTS = new Set([
  'Amount',
  'BaseAmount',
  'PriceAmount',
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

/** Distinct currencyID values on amounts ('' for an amount without one), in document order. */
export function ublAmountCurrencyIds(root: XmlNode): string[] {
  // Usually every amount has the same currency: the amounts are found by name (the parser's index)
  // instead of visiting every element, and only a document with two or more currencies is walked
  // for their order.
  let only: string | undefined;
  let several = false;
  for (const name of AMOUNT_NAMES) {
    for (const n of descendantsNamed(root, name)) {
      if (n === root) continue;
      const cur = n.attrs.currencyID ?? '';
      if (only === undefined) only = cur;
      else if (cur !== only) several = true;
    }
  }
  if (!several) return only === undefined ? [] : [only];
  const out = new Set<string>();
  const visit = (node: XmlNode) => {
    for (const c of node.children) {
      if (AMOUNT_ELEMENTS.has(c.name)) out.add(c.attrs.currencyID ?? '');
      if (c.children.length) visit(c);
    }
  };
  visit(root);
  return [...out];
}
