import { inflateSync } from 'node:zlib';
import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFObject,
  PDFRawStream,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import type { IntakeFailure } from './intake-limits';

/** The names Factur-X 1.0 / ZUGFeRD 2.x (and XRechnung in a PDF) give the embedded CII document. */
export const FACTUR_X_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'];
const MAX_TREE_DEPTH = 8;
const MAX_ENTRIES = 200;

export type Extracted = { ok: true; xml: string; attachment: string } | { ok: false; failure: IntakeFailure };

const fail = (status: number, code: string, message: string, issue: string, expected: string): Extracted => ({
  ok: false,
  failure: { status, code, message, details: [{ path: '$', issue, expected }] },
});

/**
 * The CII document embedded in a Factur-X / ZUGFeRD PDF: looked up in the catalog's /AF array and its
 * Names/EmbeddedFiles tree, by file name, its stream inflated (FlateDecode) within `maxXmlBytes`.
 * Never throws for a bad PDF: every refusal is a failure in the error contract.
 */
export async function extractFacturX(bytes: Uint8Array, maxXmlBytes: number): Promise<Extracted> {
  if (bytes.length < 8 || Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    return fail(400, 'PDF_MALFORMED', 'The body is not a PDF document', 'no %PDF- header', 'a PDF/A-3 document');
  }
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (err) {
    // pdf-lib's EncryptedPDFError is compiled to ES5: instanceof does not hold, its message does.
    if (err instanceof EncryptedPDFError || /is encrypted/.test((err as Error).message))
      return fail(
        400,
        'PDF_ENCRYPTED',
        'The PDF is encrypted: its embedded invoice cannot be read',
        'encrypted',
        'an unencrypted PDF/A-3 document',
      );
    return fail(
      400,
      'PDF_MALFORMED',
      `The PDF cannot be read: ${(err as Error).message}`.slice(0, 300),
      'unreadable PDF',
      'a well-formed PDF/A-3 document',
    );
  }
  try {
    const specs = fileSpecs(pdf);
    const found = specs.find((s) => FACTUR_X_NAMES.includes(s.name.toLowerCase()));
    if (!found)
      return fail(
        400,
        'PDF_NO_EMBEDDED_XML',
        `The PDF has no embedded invoice (${FACTUR_X_NAMES.join(', ')})${
          specs.length
            ? `; it embeds ${specs
                .map((s) => s.name)
                .slice(0, 5)
                .join(', ')}`
            : ''
        }`,
        'no embedded invoice XML',
        `an embedded file named ${FACTUR_X_NAMES.join(' | ')} (Factur-X 1.0 / ZUGFeRD 2.x)`,
      );
    const stream = found.spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream))
      return fail(
        400,
        'PDF_MALFORMED',
        `The embedded ${found.name} has no file stream`,
        'no file stream',
        'an /EF /F stream',
      );
    const xml = decode(stream, maxXmlBytes);
    if (xml === null)
      return fail(
        413,
        'PDF_EMBEDDED_XML_TOO_LARGE',
        `The embedded ${found.name} is larger than ${maxXmlBytes} bytes`,
        'embedded file too large',
        `at most ${maxXmlBytes} bytes`,
      );
    return { ok: true, xml, attachment: found.name };
  } catch (err) {
    return fail(
      400,
      'PDF_MALFORMED',
      `The PDF's embedded files cannot be read: ${(err as Error).message}`.slice(0, 300),
      'unreadable embedded file',
      'a Factur-X / ZUGFeRD PDF',
    );
  }
}

/** File specifications of the catalog's /AF array, then of its EmbeddedFiles name tree. */
function fileSpecs(pdf: PDFDocument): { name: string; spec: PDFDict }[] {
  const out: { name: string; spec: PDFDict }[] = [];
  const add = (obj: PDFObject | undefined) => {
    const spec = obj instanceof PDFRef ? pdf.context.lookup(obj) : obj;
    if (!(spec instanceof PDFDict) || out.length >= MAX_ENTRIES || out.some((o) => o.spec === spec)) return;
    const name = text(spec.lookup(PDFName.of('UF'))) ?? text(spec.lookup(PDFName.of('F')));
    if (name) out.push({ name, spec });
  };
  const af = pdf.catalog.lookup(PDFName.of('AF'));
  if (af instanceof PDFArray) for (let i = 0; i < af.size(); i++) add(af.get(i));
  const names = pdf.catalog.lookup(PDFName.of('Names'));
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of('EmbeddedFiles')) : undefined;
  const walk = (node: PDFObject | undefined, depth: number) => {
    if (!(node instanceof PDFDict) || depth > MAX_TREE_DEPTH) return;
    const leaf = node.lookup(PDFName.of('Names'));
    if (leaf instanceof PDFArray) for (let i = 1; i < leaf.size(); i += 2) add(leaf.get(i));
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i), depth + 1);
  };
  walk(tree, 0);
  return out;
}

const text = (o: PDFObject | undefined): string | null =>
  o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null;

/** The stream's bytes as UTF-8 text, inflated when FlateDecode; null when over `max` bytes. */
function decode(stream: PDFRawStream, max: number): string | null {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFName ? [filter] : filter instanceof PDFArray ? filter.asArray() : [];
  let data = Buffer.from(stream.contents);
  for (const f of filters) {
    if (f !== PDFName.of('FlateDecode')) throw new Error(`unsupported stream filter ${String(f)}`);
    try {
      data = inflateSync(data, { maxOutputLength: max + 1 });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return null;
      throw err;
    }
  }
  if (data.length > max) return null;
  return data.toString('utf8').replace(/^\uFEFF/, '');
}
