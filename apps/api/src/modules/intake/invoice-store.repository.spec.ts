import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { explainScans, openTestDatabase, recordingQueries, TestDatabase } from '@app/persistence/testing';
import { createIntegration } from '@app/testing';
import { InvoiceStoreRepository } from './invoice-store.repository';

describe('InvoiceStoreRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  const repo = new InvoiceStoreRepository();
  let integration: string;
  let other: string;
  let supplierId: string;

  /** A canonical line as intake stores it (the views `invoice_lines` / `invoice_vat_breakdown` read them). */
  const line = (position: number, quantity: unknown) => ({
    id: String(position + 1),
    description: `line ${position}`,
    quantity,
    unitCode: 'EA',
    unitPrice: '10.00',
    netAmount: '100.00',
    vatCategory: 'S',
    vatRate: '25.5',
  });
  const row = (o: {
    id?: string;
    number: string;
    seller?: string;
    status?: string;
    duplicateOf?: string;
    lines?: object[];
    vatBreakdown?: object[];
  }) => ({
    id: o.id ?? randomUUID(),
    format: 'json',
    status: o.status ?? 'received',
    document_kind: 'invoice',
    invoice_number: o.number,
    type_code: '380',
    issue_date: '2026-11-02',
    due_date: null,
    currency: 'EUR',
    seller_name: 'Acme Oy',
    seller_vat_id: o.seller ?? 'FI02089088',
    seller_country: 'FI',
    buyer_vat_id: null,
    buyer_country: 'FI',
    purchase_order_reference: null,
    tax_exclusive: '1000.00',
    tax_total: '255.00',
    payable: '1255.00',
    raw_document: null,
    raw_content_type: null,
    duplicate_of: o.duplicateOf ?? null,
    audit_reason: o.duplicateOf ? `same as ${o.duplicateOf}` : null,
    audit_data: { source: 'spec' },
    canonical: {
      invoiceNumber: o.number,
      ...(o.lines ? { lines: o.lines } : {}),
      ...(o.vatBreakdown ? { vatBreakdown: o.vatBreakdown } : {}),
    },
  });
  const accept = (em: EntityManager, integrationId: string, rows: object[]) =>
    repo.insertAccepted(em, { integrationId, source: 'api', invoices: JSON.stringify(rows) });
  const linesOf = (id: string) =>
    db.ds.query(
      `SELECT position, line_id, quantity::text, unit_price::text, vat_rate::text FROM invoice_lines WHERE invoice_id = $1 ORDER BY position`,
      [id],
    );

  beforeAll(async () => {
    db = await openTestDatabase('invoice_store_repo');
    integration = (await createIntegration(db.ds, 'erp')).id;
    other = (await createIntegration(db.ds, 'other')).id;
    [{ id: supplierId }] = await db.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Acme Oy', 'FI02089088', 'FI') RETURNING id`,
    );
  });
  afterAll(() => db.close());

  it('writes invoices (lines and VAT breakdown in their document) and an audit event each, and no outbox record', async () => {
    const received = row({
      number: 'INV-1',
      lines: [line(0, '2'), line(1, '0.5')],
      vatBreakdown: [{ category: 'S', rate: '25.5', taxableAmount: '1000.00', taxAmount: '255.00' }],
    });
    // Values PostgreSQL cannot store as numeric read as null, as intake's columns did: left for the rules.
    const duplicate = row({
      number: 'INV-1',
      status: 'duplicate',
      duplicateOf: received.id,
      lines: [line(0, null), line(1, 'two'), line(2, 2)],
    });
    const unknownSeller = row({ number: 'INV-2', seller: 'SE556000000001' });
    const out = await db.ds.transaction((em) => accept(em, integration, [received, duplicate, unknownSeller]));
    expect(out.map((r) => r.id).sort()).toEqual([received.id, duplicate.id, unknownSeller.id].sort());
    expect(out.every((r) => r.received_at instanceof Date)).toBe(true);

    const invoices = await db.ds.query(
      `SELECT id, status, source, supplier_id, duplicate_of, payable::text, canonical FROM invoices WHERE integration_id = $1`,
      [integration],
    );
    const byId = new Map(invoices.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(received.id)).toMatchObject({
      status: 'received',
      source: 'api',
      supplier_id: supplierId,
      payable: '1255.00',
      canonical: { invoiceNumber: 'INV-1' },
    });
    expect(byId.get(duplicate.id)).toMatchObject({ status: 'duplicate', duplicate_of: received.id });
    expect(byId.get(unknownSeller.id)).toMatchObject({ supplier_id: null });

    expect(await linesOf(received.id)).toEqual([
      { position: 0, line_id: '1', quantity: '2', unit_price: '10.00', vat_rate: '25.5' },
      { position: 1, line_id: '2', quantity: '0.5', unit_price: '10.00', vat_rate: '25.5' },
    ]);
    expect(await linesOf(duplicate.id)).toEqual([
      { position: 0, line_id: '1', quantity: null, unit_price: '10.00', vat_rate: '25.5' },
      { position: 1, line_id: '2', quantity: null, unit_price: '10.00', vat_rate: '25.5' },
      { position: 2, line_id: '3', quantity: null, unit_price: '10.00', vat_rate: '25.5' },
    ]);
    expect(await linesOf(unknownSeller.id)).toEqual([]);
    expect(
      await db.ds.query(
        `SELECT invoice_id, rate::text, taxable_amount::text, tax_amount::text FROM invoice_vat_breakdown WHERE invoice_id = ANY($1::uuid[])`,
        [[received.id, duplicate.id, unknownSeller.id]],
      ),
    ).toEqual([{ invoice_id: received.id, rate: '25.5', taxable_amount: '1000.00', tax_amount: '255.00' }]);

    // A received invoice is its own record of the validation it is owed (reconciliation finds a lost hand-over).
    expect(await db.ds.query(`SELECT topic, aggregate_id FROM outbox`)).toEqual([]);

    const audit = await db.ds.query(
      `SELECT aggregate_id, action, to_state, actor_type, actor_id, reason FROM audit_events WHERE aggregate_type = 'invoice'`,
    );
    expect(audit).toHaveLength(3);
    expect(audit.find((e: { aggregate_id: string }) => e.aggregate_id === duplicate.id)).toEqual({
      aggregate_id: duplicate.id,
      action: 'received_duplicate',
      to_state: 'duplicate',
      actor_type: 'integration',
      actor_id: integration,
      reason: `same as ${received.id}`,
    });
    expect(audit.find((e: { aggregate_id: string }) => e.aggregate_id === received.id)).toMatchObject({
      action: 'received',
      to_state: 'received',
    });
  });

  it('a value PostgreSQL cannot store fails the whole statement: nothing of any invoice is written', async () => {
    const good = row({ number: 'GOOD-1', lines: [line(0, '1')] });
    const bad = { ...row({ number: 'BAD-1' }), issue_date: '2026-02-30' };
    await expect(db.ds.transaction((em) => accept(em, integration, [good, bad]))).rejects.toThrow();
    const ids = [good.id, bad.id];
    expect(await db.ds.query(`SELECT id FROM invoices WHERE id = ANY($1::uuid[])`, [ids])).toEqual([]);
    expect(await db.ds.query(`SELECT id FROM outbox WHERE aggregate_id = ANY($1::uuid[])`, [ids])).toEqual([]);
    expect(await db.ds.query(`SELECT id FROM audit_events WHERE aggregate_id = ANY($1::uuid[])`, [ids])).toEqual([]);
  });

  it("finds the first non-duplicate invoice per seller and number, of the integration's own invoices only", async () => {
    const first = row({ number: 'FIRST-1' });
    await db.ds.transaction((em) => accept(em, integration, [first]));
    const later = row({ number: 'FIRST-1' });
    await db.ds.transaction((em) => accept(em, integration, [later]));
    await db.ds.transaction((em) =>
      accept(em, other, [row({ number: 'OTHER-1' }), row({ number: 'FIRST-1', seller: 'SE556000000001' })]),
    );
    const found = await db.ds.transaction((em) =>
      repo.firstBySellerAndNumber(
        em,
        integration,
        ['FI02089088', 'FI02089088', 'FI02089088', 'SE556000000001'],
        ['FIRST-1', 'FIRST-1', 'OTHER-1', 'FIRST-1'],
      ),
    );
    expect(found).toEqual([{ seller: 'FI02089088', number: 'FIRST-1', id: first.id }]);
  });

  it("looks duplicates up by seller and number whatever the statistics say of the integration's size", async () => {
    // An integration that sent thousands since the last ANALYZE looks tiny to the planner: a look-up with
    // its id in the condition walked its whole list of invoices (invoices_integration_list_idx) per batch.
    const big = (await createIntegration(db.ds, 'big-since-analyze')).id;
    const seller = 'FI02089088';
    const theirs = row({ number: 'SHARED-7' });
    await db.ds.transaction((em) => accept(em, other, [theirs])); // the same seller and number, another integration, first
    await db.ds.query(`ANALYZE invoices`);
    await db.ds.query(
      `INSERT INTO invoices (id, integration_id, source, format, status, document_kind, invoice_number, type_code, issue_date,
         currency, seller_name, seller_vat_id, seller_country, tax_exclusive, tax_total, payable, canonical, received_at)
       SELECT gen_random_uuid(), $1, 'api', 'json', 'received', 'invoice', 'BIG-' || g, '380', '2026-11-02',
         'EUR', 'Acme Oy', $2, 'FI', 1000, 255, 1255, '{}'::jsonb, now() - make_interval(secs => 5000 - g)
       FROM generate_series(1, 4000) g`,
      [big, seller],
    );
    const mine = row({ number: 'SHARED-7' });
    await db.ds.transaction((em) => accept(em, big, [mine]));
    const { db: recording, sent } = recordingQueries<EntityManager>(db.ds);
    const found = await repo.firstBySellerAndNumber(
      recording,
      big,
      [seller, seller, seller],
      ['SHARED-7', 'BIG-12', 'NONE'],
    );
    expect(found.sort((a, b) => a.number.localeCompare(b.number))).toEqual([
      { seller, number: 'BIG-12', id: expect.any(String) },
      { seller, number: 'SHARED-7', id: mine.id },
    ]);
    const [{ id: big12 }] = await db.ds.query(`SELECT id FROM invoices WHERE invoice_number = 'BIG-12'`);
    expect(found.find((f) => f.number === 'BIG-12')!.id).toBe(big12);
    expect(sent).toHaveLength(1);
    const { scans } = await explainScans(db.ds, sent[0]);
    expect(scans.filter((scan) => scan.endsWith(' invoices_integration_list_idx'))).toEqual([]);
    expect(scans.some((scan) => scan.endsWith(' invoices_seller_number_key_idx'))).toBe(true);
  });

  it('locks keys for the rest of the transaction', async () => {
    const key = `invoice:${integration}:FI02089088:LOCKED-1`;
    const tryLock = () =>
      db.ds.transaction(async (em) => {
        const [r] = await em.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS got`, [key]);
        return r.got as boolean;
      });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = db.ds.transaction(async (em) => {
      await repo.lockKeys(em, [key, 'another key', key]);
      locked();
      await held;
    });
    await isLocked;
    expect(await tryLock()).toBe(false);
    release();
    await holder;
    expect(await tryLock()).toBe(true);
  });

  it('keeps the first original PDF of an invoice', async () => {
    const inv = row({ number: 'PDF-1' });
    await db.ds.transaction(async (em) => {
      await accept(em, integration, [inv]);
      await repo.insertOriginal(em, inv.id, {
        contentType: 'application/pdf',
        attachment: 'factur-x.xml',
        bytes: Buffer.from('%PDF-1'),
      });
      await repo.insertOriginal(em, inv.id, {
        contentType: 'application/pdf',
        attachment: 'second.xml',
        bytes: Buffer.from('%PDF-2 longer'),
      });
    });
    const [o] = await db.ds.query(
      `SELECT attachment_name, byte_size, convert_from(content, 'UTF8') AS content FROM invoice_originals WHERE invoice_id = $1`,
      [inv.id],
    );
    expect(o).toEqual({ attachment_name: 'factur-x.xml', byte_size: 6, content: '%PDF-1' });
  });

  it('stores a correction: header columns, supplier by the new VAT id, the number kept when absent, its lines and VAT breakdown', async () => {
    const inv = row({ number: 'CORR-1', seller: 'SE556000000001', lines: [line(0, '1'), line(1, '2')] });
    await db.ds.transaction((em) => accept(em, integration, [inv]));
    const correct = (canonical: object) =>
      repo.updateCorrected(db.ds.manager, inv.id, {
        canonicalJson: JSON.stringify(canonical),
        invoiceNumber: null,
        issueDate: '2026-11-05',
        dueDate: '2026-12-05',
        currency: 'EUR',
        sellerName: 'Acme Oy',
        sellerVatId: 'FI02089088',
        buyerVatId: 'FI12345678',
        purchaseOrderReference: 'PO-7',
        taxExclusive: '10.00',
        taxTotal: '2.55',
        payable: '12.55',
      });
    await correct({
      corrected: true,
      lines: [line(0, '3.25')],
      vatBreakdown: [{ category: 'S', rate: '25.5', taxableAmount: '32.50', taxAmount: '8.29' }],
    });
    const [h] = await db.ds.query(
      `SELECT invoice_number, issue_date::text, due_date::text, seller_vat_id, supplier_id, purchase_order_reference, payable::text, canonical
       FROM invoices WHERE id = $1`,
      [inv.id],
    );
    expect(h).toEqual({
      invoice_number: 'CORR-1',
      issue_date: '2026-11-05',
      due_date: '2026-12-05',
      seller_vat_id: 'FI02089088',
      supplier_id: supplierId,
      purchase_order_reference: 'PO-7',
      payable: '12.55',
      canonical: {
        corrected: true,
        lines: [line(0, '3.25')],
        vatBreakdown: [{ category: 'S', rate: '25.5', taxableAmount: '32.50', taxAmount: '8.29' }],
      },
    });
    expect(await linesOf(inv.id)).toEqual([
      { position: 0, line_id: '1', quantity: '3.25', unit_price: '10.00', vat_rate: '25.5' },
    ]);
    // The VAT breakdown follows the corrected document too (as rows it kept the values of intake).
    expect(
      await db.ds.query(
        `SELECT taxable_amount::text, tax_amount::text FROM invoice_vat_breakdown WHERE invoice_id = $1`,
        [inv.id],
      ),
    ).toEqual([{ taxable_amount: '32.50', tax_amount: '8.29' }]);
    await correct({ corrected: true });
    expect(await linesOf(inv.id)).toEqual([]);
  });
});
