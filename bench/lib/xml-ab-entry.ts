/** What bench/xml-ab.mjs bundles from each of the two trees it compares: parse, read, and read + validate. */
import { parseXmlSafely, readInvoiceXml } from '@app/formats';
import { validateInvoice } from '@app/rules';

export function parse(doc: string): void {
  parseXmlSafely(doc);
}

export function read(doc: string): void {
  readInvoiceXml(doc);
}

export function readAndValidate(doc: string): number {
  const { format, invoice, syntaxFindings } = readInvoiceXml(doc);
  return validateInvoice(invoice, { format, syntaxFindings, buyerCountry: invoice.buyer?.countryCode ?? undefined })
    .length;
}
