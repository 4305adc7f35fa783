import type { CanonicalInvoice } from '@app/domain';
import type { Finding } from '@app/rules';
import { readCiiInvoice } from './cii/cii-invoice.reader';
import type { XmlInvoiceFormat } from './detection/detect-xml-format';
import { FormatError } from './errors/format-error';
import { checkCiiSyntax } from './syntax/cii-syntax.rules';
import { checkUblSyntax } from './syntax/ubl-syntax.rules';
import { readUblInvoice } from './ubl/ubl-invoice.reader';
import { parseXmlSafely, type ParseXmlOptions } from './xml/parse-xml-safely';

export interface ReadInvoiceXmlResult {
  format: XmlInvoiceFormat;
  invoice: CanonicalInvoice;
  /** Findings only the XML can show (syntax binding rules UBL-* / CII-*). */
  syntaxFindings: Finding[];
}

/**
 * Reads a UBL 2.1 Invoice/CreditNote or a CII CrossIndustryInvoice into the canonical invoice.
 * Throws FormatError only when the document cannot be read at all; missing or wrong business data
 * is left for the rules to report.
 */
export function readInvoiceXml(xml: string | Buffer, opts: ParseXmlOptions = {}): ReadInvoiceXmlResult {
  const root = parseXmlSafely(xml, opts);
  if (root.name === 'Invoice' || root.name === 'CreditNote') {
    return { format: 'ubl', invoice: readUblInvoice(root), syntaxFindings: checkUblSyntax(root) };
  }
  if (root.name === 'CrossIndustryInvoice') {
    return { format: 'cii', invoice: readCiiInvoice(root), syntaxFindings: checkCiiSyntax(root) };
  }
  throw new FormatError(
    'XML_UNSUPPORTED_DOCUMENT',
    `Root element <${root.qname}> is neither a UBL Invoice/CreditNote nor a CII CrossIndustryInvoice`,
    '/' + root.name,
  );
}
