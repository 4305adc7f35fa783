/** What bench/xml-ab.mjs bundles from each of the two trees it compares: parse, read, read + validate, and the rules alone. */
import { parseXmlSafely, readInvoiceXml } from '@app/formats';
import { validateInvoice } from '@app/rules';

/** The N-line invoice of `--lines N` (the working tree's generator serves both versions). */
export { ublWithLines } from './xml-read';

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

const read_ = new Map<string, ReturnType<typeof readInvoiceXml>>();

/** The rules alone: each document is read once (its first call), then only validated. */
export function rules(doc: string): number {
  let r = read_.get(doc);
  if (!r) read_.set(doc, (r = readInvoiceXml(doc)));
  return validateInvoice(r.invoice, {
    format: r.format,
    syntaxFindings: r.syntaxFindings,
    buyerCountry: r.invoice.buyer?.countryCode ?? undefined,
  }).length;
}
