import type { EntityManager } from 'typeorm';
import { createIntegration, insertInvoice } from '@app/testing';
import { openTestDatabase, recordingQueries, TestDatabase } from '../testing';
import { InvoicesRepository } from './invoices.repository';

/**
 * An invoice row is written three times on its way to a verdict (received, validating, its verdict), and
 * every status update writes a new version of the whole row. The canonical document (1.4 kB compressed for
 * five lines) is written once: it lives out of line (TOAST), so a status update copies an 18-byte pointer
 * instead of the document. Checked by where the document is, and by what an update adds to the heap.
 */
describe('invoice row width (PostgreSQL)', () => {
  let db: TestDatabase;
  let integration: string;

  beforeAll(async () => {
    db = await openTestDatabase('invoice_width');
    integration = (await createIntegration(db.ds, 'erp')).id;
  });
  afterAll(() => db.close());

  /** A canonical document about the size of a five-line invoice with its parties and payment means: ~2.5 kB of JSON. */
  function document(n: number): Record<string, unknown> {
    const lines = Array.from({ length: 9 }, (_, i) => ({
      id: String(i + 1),
      name: `Item ${n}-${i} ${'x'.repeat(40 + ((n * 7 + i) % 13))}`,
      quantity: String(1 + ((n + i) % 20)),
      unitPrice: `${(n * 31 + i * 17) % 900}.${String((n + i) % 100).padStart(2, '0')}`,
      netAmount: `${(n * 53 + i * 29) % 9000}.00`,
      vatCategory: 'S',
      vatRate: '25',
    }));
    return {
      invoiceNumber: `INV-${n}`,
      issueDate: '2026-11-02',
      seller: { name: `Supplier ${n}`, vatId: `SE${String(5560000000 + n)}01`, address: { line1: `Road ${n}` } },
      buyer: { name: 'Buyer AB', vatId: 'SE556677889901', address: { line1: 'Main Street 2' } },
      paymentMeans: [{ typeCode: '58', accounts: [{ iban: `SE45500000000583982574${n % 10}` }] }],
      notes: [`Delivery ${n} ${'note '.repeat(20)}`],
      lines,
    };
  }

  it('keeps the canonical document out of line, so a status update does not copy it', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 40; n++)
      ids.push((await insertInvoice(db.ds, { integration_id: integration, canonical: document(n) })).id);
    const [{ toast }] = await db.ds.query(
      `SELECT reltoastrelid::regclass::text AS toast FROM pg_class WHERE oid = 'invoices'::regclass`,
    );
    const [{ documents }] = await db.ds.query(`SELECT count(DISTINCT chunk_id)::int AS documents FROM ${toast}`);
    expect(documents).toBe(ids.length);

    // Forty status updates add forty row versions to the heap: without the documents they fit in one 8 kB page.
    const pages = async () =>
      Number((await db.ds.query(`SELECT pg_relation_size('invoices') / 8192 AS p`))[0].p as string);
    const before = await pages();
    await db.ds.query(`UPDATE invoices SET status = 'validating', updated_at = now() WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    expect((await pages()) - before).toBeLessThanOrEqual(1);
    // ...and the document reads back whole.
    const [{ canonical }] = await db.ds.query(`SELECT canonical FROM invoices WHERE id = $1`, [ids[7]]);
    expect(canonical).toEqual(document(7));
  });

  it('compresses the document with lz4 where the server has it', async () => {
    const { id } = await insertInvoice(db.ds, { integration_id: integration, canonical: document(60) });
    const [{ compression }] = await db.ds.query(
      `SELECT pg_column_compression(canonical) AS compression FROM invoices WHERE id = $1`,
      [id],
    );
    const [{ lz4 }] = await db.ds.query(
      `SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) AS lz4`,
    );
    expect(compression).toBe(lz4 ? 'lz4' : 'pglz');
  });

  it('reads each document once when a validation run starts (its header comes from the same copy)', async () => {
    const ids: string[] = [];
    for (let n = 100; n < 140; n++)
      ids.push((await insertInvoice(db.ds, { integration_id: integration, canonical: document(n) })).id);
    const repo = new InvoicesRepository(db.ds);
    const started = await db.ds.transaction(async (em) => {
      const { db: recording, sent } = recordingQueries<EntityManager>(em);
      const rows = await repo.lockForValidation(recording, ids);
      // The same statement again, under EXPLAIN: the buffers it touched (the heap, the key, the out-of-line chunks).
      const [{ 'QUERY PLAN': plan }] = await em.query(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sent[0].sql}`,
        sent[0].params,
      );
      return { rows, buffers: Number(plan[0].Plan['Shared Hit Blocks']) + Number(plan[0].Plan['Shared Read Blocks']) };
    });
    // Fetching a document out of line is a look-up in its TOAST index and its chunk (2 buffers here): with
    // seven references to it (the document and six header fields) each read it again, 15 buffers an invoice;
    // read once, 3 (the row, its key, the document).
    expect(started.buffers / ids.length).toBeLessThan(6);
    const row = started.rows.get(ids[3])!;
    expect(JSON.parse(row.canonical_json)).toEqual(document(103));
    expect(row.header).toEqual({
      seller: { vatId: 'SE556000010301' },
      invoiceNumber: 'INV-103',
      issueDate: '2026-11-02',
      currency: null,
      totals: { payable: null },
      purchaseOrderReference: null,
    });
  });
});
