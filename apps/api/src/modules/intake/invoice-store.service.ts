import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { buyerCountryOf, IntakeDocument, IntakeResult, IntakeSource, sellerCountryOf } from './invoice-record';
import { newInvoiceId } from './invoice-rows';
import { InvoiceStoreRepository } from './invoice-store.repository';

import { storableDate, storableDecimal as dec } from './storable-values';

const date = storableDate;

/**
 * Writes accepted invoices and their audit events in the caller's transaction, set-based
 * (their lines and VAT breakdown are their canonical JSON's: views `invoice_lines`, `invoice_vat_breakdown`).
 * An invoice whose seller VAT id + number this integration already sent is stored as `duplicate`.
 */
@Injectable()
export class InvoiceStoreService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(InvoiceStoreRepository) private readonly repo: InvoiceStoreRepository,
  ) {}

  async insert(
    em: EntityManager,
    integrationId: string,
    source: IntakeSource,
    doc: IntakeDocument,
  ): Promise<IntakeResult> {
    const [result] = await this.insertMany(em, integrationId, source, [doc]);
    return result;
  }

  /** The posted PDF of a Factur-X / ZUGFeRD invoice, kept beside the invoice as its visual. */
  async insertOriginal(
    em: EntityManager,
    invoiceId: string,
    o: NonNullable<IntakeDocument['original']>,
  ): Promise<void> {
    await this.repo.insertOriginal(em, invoiceId, o);
  }

  /**
   * Stores documents set-based, in three statements whatever their number (InvoiceStoreRepository): lock
   * their seller + number keys (sorted, so concurrent batches cannot deadlock), look up the originals of
   * all of them, then one statement writes every invoice with its audit event. Ids are
   * chosen here (time-ordered, `newInvoiceId`).
   * A document whose seller + number this integration sent before (or earlier in the same call) is
   * stored as `duplicate` of that first one. Results come back in the order of `docs`.
   */
  async insertMany(
    em: EntityManager,
    integrationId: string,
    source: IntakeSource,
    docs: IntakeDocument[],
  ): Promise<IntakeResult[]> {
    if (!docs.length) return [];
    const keyed = docs.map((doc) => {
      const sellerVat = doc.invoice.seller?.vatId ?? null;
      const number = doc.invoice.invoiceNumber ?? '';
      // Without a number there is nothing to compare: the invoice is validated and gets BR-02.
      // A document read off the event loop comes with its id and its canonical JSON already serialised.
      return {
        doc,
        sellerVat,
        number,
        comparable: !!(sellerVat && number.trim()),
        id: doc.serialized?.id ?? newInvoiceId(),
      };
    });
    // Serialise intake of the same seller + number so two concurrent copies cannot both be "first".
    const lockKeys = [...new Set(keyed.map((k) => `invoice:${integrationId}:${k.sellerVat ?? ''}:${k.number}`))];
    await this.repo.lockKeys(em, lockKeys);
    // Exact resends are recognised within the sending integration only: another integration's copy must
    // neither reveal its id nor skip validation (the DUP-EXACT rule sends it to a reviewer instead).
    const comparable = keyed.filter((k) => k.comparable);
    const originals = new Map<string, string>();
    if (comparable.length) {
      const rows = await this.repo.firstBySellerAndNumber(
        em,
        integrationId,
        comparable.map((k) => k.sellerVat!),
        comparable.map((k) => k.number),
      );
      for (const r of rows) originals.set(`${r.seller}\u0000${r.number}`, r.id);
    }
    const invoices: string[] = [];
    const planned = keyed.map((k) => {
      const key = `${k.sellerVat}\u0000${k.number}`;
      const original = k.comparable ? originals.get(key) : undefined;
      if (k.comparable && !original) originals.set(key, k.id); // later copies in this call are its duplicates
      const status = original ? 'duplicate' : 'received';
      const inv = k.doc.invoice;
      const row = {
        id: k.id,
        format: k.doc.format,
        status,
        document_kind: inv.documentKind ?? 'invoice',
        invoice_number: k.number,
        type_code: inv.typeCode ?? null,
        issue_date: date(inv.issueDate),
        due_date: date(inv.dueDate),
        currency: inv.currency ?? null,
        seller_name: inv.seller?.name ?? null,
        seller_vat_id: k.sellerVat,
        seller_country: sellerCountryOf(inv),
        buyer_vat_id: inv.buyer?.vatId ?? null,
        buyer_country: buyerCountryOf(inv),
        purchase_order_reference: inv.purchaseOrderReference ?? null,
        tax_exclusive: dec(inv.totals?.taxExclusive),
        tax_total: dec(inv.totals?.taxTotal),
        payable: dec(inv.totals?.payable),
        raw_document: k.doc.raw ?? null,
        raw_content_type: k.doc.rawContentType ?? null,
        duplicate_of: original ?? null,
        audit_reason: original ? `same seller VAT id and invoice number as ${original}` : null,
        audit_data: { format: k.doc.format, source, invoiceNumber: k.number, sellerVatId: k.sellerVat },
      };
      // The canonical JSON is spliced in as text: a serialised document is never parsed again on this thread.
      const rowJson = JSON.stringify(row);
      invoices.push(
        `${rowJson.slice(0, -1)},"canonical":${k.doc.serialized?.canonical ?? JSON.stringify(inv)},"syntax_findings":${k.doc.syntaxFindings ?? 'null'}}`,
      );
      return { id: k.id, status, original };
    });
    const rows = await this.repo.insertAccepted(em, {
      integrationId,
      source,
      invoices: `[${invoices.join(',')}]`,
    });
    const receivedAt = new Map(rows.map((r) => [r.id, new Date(r.received_at).toISOString()]));
    return planned.map((p) => ({
      id: p.id,
      status: p.status,
      receivedAt: receivedAt.get(p.id)!,
      ...(p.original ? { duplicateOf: p.original } : {}),
    }));
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
