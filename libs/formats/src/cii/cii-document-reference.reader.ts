import type { CanonicalDocumentReference } from '@app/domain';
import { compact } from '../mapping/compact.util';
import { attr, child, text, type XmlNode } from '../xml/xml-node';

/**
 * ram:AdditionalReferencedDocument (BG-24, BT-18 at header level, BT-128 on a line). The reference
 * is kept as written (blank included, for BR-52); the scheme (ram:ReferenceTypeCode) too, even when
 * empty (BR-CL-07 judges the element); of an attachment only MIME code and file name are kept.
 */
export function readCiiDocumentReference(ref: XmlNode): CanonicalDocumentReference {
  const scheme = child(ref, 'ReferenceTypeCode');
  const binary = child(ref, 'AttachmentBinaryObject');
  const attachment = binary
    ? {
        ...(binary.attrs.mimeCode !== undefined ? { mimeCode: binary.attrs.mimeCode } : {}),
        ...compact({ filename: attr(binary, 'filename') }),
      }
    : undefined;
  return {
    id: child(ref, 'IssuerAssignedID')?.text ?? '',
    ...compact({
      typeCode: text(ref, 'TypeCode'),
      description: text(ref, 'Name'),
      uri: text(ref, 'URIID'),
    }),
    ...(scheme ? { schemeId: scheme.text } : {}),
    ...(attachment ? { attachment } : {}),
  };
}
