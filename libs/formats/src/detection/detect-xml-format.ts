import { xmlToString } from '../xml/parse-xml-safely';

export type XmlInvoiceFormat = 'ubl' | 'cii';

/**
 * Cheap sniff of the root element (no full parse): which reader a document belongs to,
 * or undefined when it is neither a UBL Invoice/CreditNote nor a CII CrossIndustryInvoice.
 */
export function detectXmlFormat(xml: string | Buffer): XmlInvoiceFormat | undefined {
  const head = xmlToString(typeof xml === 'string' ? xml.slice(0, 64 * 1024) : xml.subarray(0, 64 * 1024));
  const root = rootElementName(head);
  if (root === 'Invoice' || root === 'CreditNote') return 'ubl';
  if (root === 'CrossIndustryInvoice') return 'cii';
  return undefined;
}

/** Local name of the first element, skipping the declaration, comments and processing instructions. */
export function rootElementName(xml: string): string | undefined {
  const withoutNoise = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  const match = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(withoutNoise);
  return match?.[2];
}
