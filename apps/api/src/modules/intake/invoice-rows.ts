import { v7 as uuidv7 } from 'uuid';
import type { CanonicalInvoice } from '@app/domain';
import { storableDecimal as dec } from './storable-values';

/**
 * An invoice as the store writes it, serialised once where it was read (a worker thread for big
 * bodies): its id, canonical JSON, and the JSON arrays of its line and VAT breakdown rows.
 */
export interface SerializedInvoice {
  id: string;
  canonical: string;
  lines: string;
  vat: string;
}

/**
 * A new invoice's id: a UUID of version 7 (RFC 9562), whose first 48 bits are the time it was made in ms and
 * the rest random (the `uuid` package keeps them ascending within a process). Invoices accepted one after
 * another get ascending ids, so every index led by the invoice id (invoices, its lines, VAT rows, outbox,
 * validation runs, findings, audit) grows at its right edge instead of at a random page: fewer pages touched
 * and written per invoice, and a run's invoices read back from neighbouring pages.
 * bench/invoice-storage.bench.ts measured this against random (version 4) ids.
 */
export function newInvoiceId(): string {
  return uuidv7();
}

/** The invoice serialised for the store, under a new id (or the one given). */
export function serializeInvoice(inv: CanonicalInvoice, id = newInvoiceId()): SerializedInvoice {
  return {
    id,
    canonical: JSON.stringify(inv),
    lines: JSON.stringify(lineRows(id, inv.lines)),
    vat: JSON.stringify(vatRows(id, inv.vatBreakdown)),
  };
}

/** The `invoice_lines` rows of an invoice (intake and correction write the same columns the same way). */
export function lineRows(invoiceId: string, lines: CanonicalInvoice['lines'] | undefined) {
  return (lines ?? []).map((l, i) => ({
    invoice_id: invoiceId,
    position: i,
    line_id: l.id ?? null,
    description: l.description ?? l.name ?? null,
    quantity: dec(l.quantity),
    unit_code: l.unitCode ?? null,
    unit_price: dec(l.unitPrice),
    net_amount: dec(l.netAmount),
    vat_category: l.vatCategory ?? null,
    vat_rate: dec(l.vatRate),
    po_line_reference: l.poLineReference ?? null,
  }));
}

/** The `invoice_vat_breakdown` rows of an invoice. */
export function vatRows(invoiceId: string, vat: CanonicalInvoice['vatBreakdown'] | undefined) {
  return (vat ?? []).map((v, i) => ({
    invoice_id: invoiceId,
    position: i,
    category: v.category ?? null,
    rate: dec(v.rate),
    taxable_amount: dec(v.taxableAmount),
    tax_amount: dec(v.taxAmount),
  }));
}

/** Concatenates JSON array texts into one array text without parsing them. */
export function jsonArray(arrays: string[]): string {
  const inner = arrays.map((a) => a.trim().slice(1, -1).trim()).filter((a) => a !== '');
  return `[${inner.join(',')}]`;
}

/** The header fields of an invoice (what the store reads besides the serialised rows), cheap to pass between threads. */
export function invoiceHeader(inv: CanonicalInvoice): CanonicalInvoice {
  const { lines: _lines, vatBreakdown: _vat, allowanceCharges: _ac, notes: _notes, ...header } = inv;
  return header;
}
