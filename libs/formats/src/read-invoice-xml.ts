import type { CanonicalInvoice } from '@app/domain';
import type { Finding } from '@app/rules';
import { readCiiInvoice } from './cii/cii-invoice.reader';
import type { XmlInvoiceFormat } from './detection/detect-xml-format';
import { FormatError } from './errors/format-error';
import { checkCiiSyntax } from './syntax/cii-syntax.rules';
import { checkUblSyntax } from './syntax/ubl-syntax.rules';
import { readUblInvoice } from './ubl/ubl-invoice.reader';
import { READ_IN_CHUNKS_FROM_CHARS, readUblInChunks } from './ubl/ubl-in-chunks.reader';
import { parseXmlSafely, type ParseXmlOptions } from './xml/parse-xml-safely';
import type { XmlNode } from './xml/xml-node';

export interface ReadInvoiceXmlOptions extends ParseXmlOptions {
  /**
   * From this length on (characters, or bytes of a Buffer), a UBL document's lines are read a chunk at
   * a time (readUblInChunks); the result is the same. Default READ_IN_CHUNKS_FROM_CHARS.
   */
  readInChunksFrom?: number;
  /** Lines per chunk (default LINES_PER_CHUNK). */
  linesPerChunk?: number;
}

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
export function readInvoiceXml(xml: string | Buffer, opts: ReadInvoiceXmlOptions = {}): ReadInvoiceXmlResult {
  let root: XmlNode | undefined;
  if (xml.length >= (opts.readInChunksFrom ?? READ_IN_CHUNKS_FROM_CHARS)) {
    const chunked = readUblInChunks(xml, opts, opts.linesPerChunk);
    if (chunked?.result) return { format: 'ubl', ...chunked.result };
    root = chunked?.root;
  }
  root ??= parseXmlSafely(xml, opts);
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
