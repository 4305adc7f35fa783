import { createHash } from 'node:crypto';
import type { CanonicalInvoice } from '@app/domain';
import type { SerializedInvoice } from './invoice-rows';

export type InvoiceFormat = 'json' | 'ubl' | 'cii';
export type IntakeSource = 'api' | 'batch' | 'demo';

/** What intake stores for one accepted document. */
export interface IntakeDocument {
  format: InvoiceFormat;
  invoice: CanonicalInvoice;
  raw?: string;
  rawContentType?: string;
  /** An XML document's syntax-binding findings as intake read them, JSON text (see ReadOutcome). */
  syntaxFindings?: string | null;
  /** Set when the invoice was read off the event loop: `invoice` then holds only the header fields. */
  serialized?: SerializedInvoice;
  /** The document as posted when it is not the XML itself: a Factur-X / ZUGFeRD PDF, kept as the visual. */
  original?: { bytes: Uint8Array; contentType: 'application/pdf'; attachment: string };
}

export interface IntakeResult {
  id: string;
  status: string;
  receivedAt: string;
  duplicateOf?: string;
}

/** Stable hash of a request body for idempotency comparison (JSON key order does not matter). */
export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(typeof body === 'string' || Buffer.isBuffer(body) ? body : stableStringify(body))
    .digest('hex');
}

function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
    .join(',')}}`;
}

/** Country of the buying entity: the buyer's address country, else its country code. */
export function buyerCountryOf(inv: CanonicalInvoice): string | null {
  return inv.buyer?.address?.countryCode ?? inv.buyer?.countryCode ?? null;
}

export function sellerCountryOf(inv: CanonicalInvoice): string | null {
  return inv.seller?.address?.countryCode ?? inv.seller?.countryCode ?? null;
}
