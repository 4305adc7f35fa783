import { createHash } from 'node:crypto';
import secureJson from 'secure-json-parse';
import type { CanonicalInvoice } from '@app/domain';
import { FormatError, readInvoiceXml } from '@app/formats';
import type { Finding } from '@app/rules';
import { exceedsJsonDepth } from '../../../common/json-depth.util';
import { checkCanonicalLimits } from '../canonical-limits';
import { requestHash, type InvoiceFormat } from '../invoice-record';
import { invoiceHeader, serializeInvoice, type SerializedInvoice } from '../invoice-rows';
import { checkInvoiceObject, countLimits, invalid } from './check-invoice-object';
import { extractFacturX } from './factur-x';
import type { IntakeFailure, IntakeLimits } from './intake-limits';

/**
 * A posted body. JSON or XML with `hash: false` (no Idempotency-Key came with it): the request hash (a
 * stable stringify + SHA-256 of the whole invoice) is not computed, and the outcome's hash is ''.
 */
export type IntakeBody = { kind: 'json' | 'xml'; text: string; hash?: boolean } | { kind: 'pdf'; bytes: Uint8Array };

export type ReadOutcome =
  | {
      ok: true;
      format: InvoiceFormat;
      header: CanonicalInvoice;
      serialized: SerializedInvoice;
      hash: string;
      /**
       * An XML document's syntax-binding findings as JSON text, stored with the invoice so that the worker's
       * first run need not read the document again; null for JSON, and over MAX_STORED_SYNTAX_FINDINGS.
       */
      syntaxFindings: string | null;
      /** A Factur-X / ZUGFeRD PDF: the CII document it embeds, and under which name. */
      embedded?: { xml: string; attachment: string };
    }
  | { ok: false; failure: IntakeFailure };

/**
 * Everything intake does to one posted invoice before SQL: parse, check limits and unstorable text,
 * validate (JSON: the DTO; XML: the reader plus the DTO's limits), serialise the rows, hash the body
 * for Idempotency-Key. Pure and synchronous in effect, so it runs on a worker thread for big bodies.
 */
export async function readIntakeBody(body: IntakeBody, limits: IntakeLimits): Promise<ReadOutcome> {
  if (body.kind === 'pdf') return readPdf(body.bytes, limits);
  const withHash = body.hash !== false;
  const read =
    body.kind === 'xml' ? await readXml(body.text, limits, withHash) : await readJson(body.text, limits, withHash);
  if (!read.ok) return read;
  return {
    ok: true,
    format: read.format,
    header: invoiceHeader(read.invoice),
    serialized: serializeInvoice(read.invoice),
    hash: read.hash,
    syntaxFindings: storedSyntaxFindings(read.syntaxFindings),
  };
}

/**
 * More syntax findings than this, or more text (findings quote the document's values), and they are not
 * stored (a hostile or broken document): the worker reads the document again and caps them per rule as
 * it does every finding.
 */
export const MAX_STORED_SYNTAX_FINDINGS = 1000;
export const MAX_STORED_SYNTAX_FINDINGS_CHARS = 256 * 1024;

export function storedSyntaxFindings(
  findings: Finding[] | undefined,
  max: number = MAX_STORED_SYNTAX_FINDINGS,
  maxChars: number = MAX_STORED_SYNTAX_FINDINGS_CHARS,
): string | null {
  if (!findings || findings.length > max) return null;
  const json = JSON.stringify(findings);
  return json.length <= maxChars ? json : null;
}

/** Factur-X / ZUGFeRD: the embedded CII read like any posted CII; the hash is the PDF's (Idempotency-Key). */
async function readPdf(bytes: Uint8Array, limits: IntakeLimits): Promise<ReadOutcome> {
  const extracted = await extractFacturX(bytes, limits.maxEmbeddedXmlBytes);
  if (!extracted.ok) return extracted;
  const read = await readXml(extracted.xml, limits);
  if (!read.ok) return read;
  if (read.format !== 'cii') {
    return {
      ok: false,
      failure: {
        status: 400,
        code: 'PDF_EMBEDDED_NOT_CII',
        message: `The PDF's ${extracted.attachment} is not a CII CrossIndustryInvoice`,
        details: [{ path: '$', issue: `embedded ${read.format}`, expected: 'a CII CrossIndustryInvoice (Factur-X)' }],
      },
    };
  }
  return {
    ok: true,
    format: read.format,
    header: invoiceHeader(read.invoice),
    serialized: serializeInvoice(read.invoice),
    hash: createHash('sha256').update(bytes).digest('hex'),
    syntaxFindings: storedSyntaxFindings(read.syntaxFindings),
    embedded: { xml: extracted.xml, attachment: extracted.attachment },
  };
}

type Read =
  | { ok: true; format: InvoiceFormat; invoice: CanonicalInvoice; hash: string; syntaxFindings?: Finding[] }
  | { ok: false; failure: IntakeFailure };

/**
 * JSON.parse, refusing a body that would set an object's prototype (`__proto__`, or `constructor` with a
 * `prototype`), however the key is spelt: secure-json-parse, the parser fastify uses for every other
 * route. It parses plainly and scans the result only when the text could hold such a key.
 */
export function parseJsonSafely(text: string): unknown {
  return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
}

async function readJson(text: string, limits: IntakeLimits, withHash: boolean): Promise<Read> {
  if (text.trim() === '')
    return {
      ok: false,
      failure: {
        status: 400,
        code: 'EMPTY_BODY',
        message: 'Body is empty but Content-Type is application/json',
        details: [],
      },
    };
  if (exceedsJsonDepth(text, limits.maxJsonDepth)) {
    return {
      ok: false,
      failure: {
        status: 400,
        code: 'JSON_TOO_DEEP',
        message: `JSON nested deeper than ${limits.maxJsonDepth} levels`,
        details: [
          {
            path: '$',
            issue: 'nested too deeply',
            expected: `at most ${limits.maxJsonDepth} levels of arrays and objects`,
            actual: `more than ${limits.maxJsonDepth}`,
          },
        ],
      },
    };
  }
  let parsed: unknown;
  try {
    parsed = parseJsonSafely(text);
  } catch (error) {
    return {
      ok: false,
      failure: {
        status: 400,
        code: 'MALFORMED_JSON',
        message: `Body is not valid JSON: ${(error as Error).message}`,
        details: [],
      },
    };
  }
  const checked = await checkInvoiceObject(parsed, '', limits);
  if (!checked.ok) return checked;
  return { ok: true, format: 'json', invoice: checked.invoice, hash: withHash ? requestHash(parsed) : '' };
}

async function readXml(text: string, limits: IntakeLimits, withHash = true): Promise<Read> {
  let invoice: CanonicalInvoice;
  let format: InvoiceFormat;
  let syntaxFindings: Finding[];
  try {
    ({ invoice, format, syntaxFindings } = readInvoiceXml(text, {
      maxElements: limits.maxXmlElements,
      maxAttributes: limits.maxXmlAttributes,
    }));
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    const status = err.code === 'XML_TOO_LARGE' || err.code === 'XML_TOO_MANY_NODES' ? 413 : 400;
    return {
      ok: false,
      failure: {
        status,
        code: err.code,
        message: err.message,
        details: [
          {
            path: err.path ?? '$',
            issue: err.message,
            expected: err.expected ?? 'a UBL 2.1 Invoice/CreditNote or a CII CrossIndustryInvoice',
          },
        ],
      },
    };
  }
  const limit = countLimits(invoice, '', limits);
  if (limit) return { ok: false, failure: limit };
  const details = await checkCanonicalLimits(invoice);
  if (details.length) return { ok: false, failure: invalid('The invoice', details) };
  return { ok: true, format, invoice, hash: withHash ? requestHash(text) : '', syntaxFindings };
}
