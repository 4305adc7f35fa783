import { createIntegration, insertException, insertInvoice } from '@app/testing';
import { openTestDatabase, TestDatabase } from '../testing';
import { InvoicesRepository } from './invoices.repository';

describe('InvoicesRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: InvoicesRepository;
  let erp: string;
  let other: string;
  const col = async (id: string, expr: string) =>
    (await db.ds.query(`SELECT ${expr} AS v FROM invoices WHERE id = $1`, [id]))[0].v;

  beforeAll(async () => {
    db = await openTestDatabase('invoices_repo');
    repo = new InvoicesRepository(db.ds);
    erp = (await createIntegration(db.ds, 'erp')).id;
    other = (await createIntegration(db.ds, 'other')).id;
  });
  afterAll(() => db.close());

  describe('API reads', () => {
    it("reads one invoice with amounts and dates as text, an integration's own only", async () => {
      const inv = await insertInvoice(db.ds, {
        integration_id: erp,
        issue_date: '2026-11-02',
        payable: '1255.50',
        canonical: { invoiceNumber: 'X' },
      });
      const row = await repo.detail(inv.id, erp);
      expect(row).toMatchObject({
        id: inv.id,
        integration_id: erp,
        issue_date: '2026-11-02',
        due_date: null,
        payable: '1255.50',
        canonical: { invoiceNumber: 'X' },
        validation_runs: 0,
        attempts: 0,
      });
      expect((await repo.detail(inv.id, null))?.id).toBe(inv.id);
      expect(await repo.detail(inv.id, other)).toBeNull();
    });

    it('pages newest first with filters, and continues after a cursor without repeating or skipping', async () => {
      const base = Date.parse('2026-11-20T10:00:00Z');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const inv = await insertInvoice(db.ds, {
          integration_id: other,
          status: i % 2 ? 'ready' : 'in_review',
          buyer_country: 'SE',
          received_at: new Date(base + i * 1000),
        });
        ids.push(inv.id);
      }
      const filter = { integrationId: other, status: null, country: 'SE', supplierId: null, after: null, limit: 3 };
      const first = await repo.page(filter);
      expect(first.map((r) => r.id)).toEqual([ids[4], ids[3], ids[2]]);
      expect(first[0].cursor_t).toBe('2026-11-20T10:00:04.000000Z');
      const second = await repo.page({ ...filter, after: { t: first[1].cursor_t, id: first[1].id } });
      expect(second.map((r) => r.id)).toEqual([ids[2], ids[1], ids[0]]);
      expect((await repo.page({ ...filter, status: 'ready' })).map((r) => r.id)).toEqual([ids[3], ids[1]]);
      expect(await repo.page({ ...filter, country: 'FI' })).toEqual([]);
      expect(await repo.page({ ...filter, integrationId: erp, country: 'SE' })).toEqual([]);
    });

    it('reads the original PDF in the same scope; none for an invoice posted as XML or JSON', async () => {
      const inv = await insertInvoice(db.ds, { integration_id: erp });
      const plain = await insertInvoice(db.ds, { integration_id: erp });
      await db.ds.query(
        `INSERT INTO invoice_originals (invoice_id, content_type, attachment_name, content, byte_size) VALUES ($1, 'application/pdf', 'factur-x.xml', $2, 4)`,
        [inv.id, Buffer.from('%PDF')],
      );
      const o = await repo.original(inv.id, erp);
      expect(o).toEqual({
        content_type: 'application/pdf',
        attachment_name: 'factur-x.xml',
        content: Buffer.from('%PDF'),
      });
      expect(await repo.original(inv.id, other)).toBeNull();
      expect(await repo.original(plain.id, null)).toBeNull();
    });

    it("reads the invoice's exceptions oldest first, and its supplier's language", async () => {
      const [{ id: supplierId }] = await db.ds.query(
        `INSERT INTO suppliers (name, vat_id, country_code, language) VALUES ('Acme', 'FI02089088', 'FI', 'sv') RETURNING id`,
      );
      const inv = await insertInvoice(db.ds, { supplier_id: supplierId });
      const later = await insertException(db.ds, {
        invoice_id: inv.id,
        route_key: 'vat.FI',
        created_at: new Date('2026-11-02T10:00:00Z'),
      });
      const earlier = await insertException(db.ds, {
        invoice_id: inv.id,
        route_key: 'data.FI',
        created_at: new Date('2026-11-01T10:00:00Z'),
      });
      const exceptions = await repo.exceptionsOf(inv.id);
      expect(exceptions.map((e) => [e.id, e.routeKey, e.status])).toEqual([
        [earlier.id, 'data.FI', 'open'],
        [later.id, 'vat.FI', 'open'],
      ]);
      expect(await repo.supplierLanguageOf(supplierId)).toEqual({ language: 'sv', country_code: 'FI' });
      expect(await repo.supplierLanguageOf('00000000-0000-4000-8000-000000000000')).toBeNull();
    });

    it('tells whether an invoice exists', async () => {
      const inv = await insertInvoice(db.ds);
      await db.ds.transaction(async (em) => {
        expect(await repo.exists(em, inv.id)).toBe(true);
        expect(await repo.exists(em, '00000000-0000-4000-8000-000000000000')).toBe(false);
      });
    });
  });

  describe('worker life cycle', () => {
    it('reads what a validation run starts from, with the header fields the supplier pack needs', async () => {
      const inv = await insertInvoice(db.ds, {
        status: 'received',
        buyer_country: 'FI',
        raw_document: '<Invoice/>',
        format: 'ubl',
        canonical: {
          invoiceNumber: 'A-1',
          seller: { vatId: 'FI1', name: 'n' },
          totals: { payable: '10.00' },
          lines: [1],
        },
      });
      const row = (await db.ds.transaction((em) => repo.lockForValidation(em, [inv.id]))).get(inv.id);
      expect(row).toMatchObject({
        status: 'received',
        validation_runs: 0,
        attempts: 0,
        last_error: null,
        format: 'ubl',
        raw_document: '<Invoice/>',
        buyer_country: 'FI',
        header: {
          seller: { vatId: 'FI1' },
          invoiceNumber: 'A-1',
          issueDate: null,
          currency: null,
          totals: { payable: '10.00' },
          purchaseOrderReference: null,
        },
      });
      expect(JSON.parse(row!.canonical_json).lines).toEqual([1]);
      expect(row!.syntax_findings).toBeNull(); // none stored: the document is read
      const absent = '00000000-0000-4000-8000-000000000000';
      const both = await db.ds.transaction((em) => repo.lockForValidation(em, [absent, inv.id]));
      expect([...both.keys()]).toEqual([inv.id]);
    });

    it('while no run has finished, stored syntax findings stand for the document, which is not loaded; later runs load it', async () => {
      const inv = await insertInvoice(db.ds, { status: 'received', raw_document: '<Invoice/>', format: 'ubl' });
      const finding = { ruleId: 'UBL-CR-005', severity: 'warning', category: 'regulatory', fieldPath: '/Invoice/UUID' };
      await db.ds.query(`UPDATE invoices SET syntax_findings = $2::jsonb WHERE id = $1`, [
        inv.id,
        JSON.stringify([finding]),
      ]);
      const lock = async () => (await db.ds.transaction((em) => repo.lockForValidation(em, [inv.id]))).get(inv.id)!;
      const first = await lock();
      expect(first.raw_document).toBeNull();
      expect(JSON.parse(first.syntax_findings!)).toEqual([finding]);
      // A stored empty list stands for a clean document just the same.
      await db.ds.query(`UPDATE invoices SET syntax_findings = '[]' WHERE id = $1`, [inv.id]);
      expect(await lock()).toMatchObject({ raw_document: null, syntax_findings: '[]' });
      // After a verdict (a re-validation, a correction's run) the document is read again.
      await db.ds.query(`UPDATE invoices SET validation_runs = 1 WHERE id = $1`, [inv.id]);
      expect(await lock()).toMatchObject({ raw_document: '<Invoice/>', syntax_findings: null });
    });

    it('marks an attempt with its back-off, keeps its error only while validating, and stores the verdict', async () => {
      const inv = await insertInvoice(db.ds, { status: 'received' });
      const other = await insertInvoice(db.ds, { status: 'received' });
      await db.ds.transaction((em) =>
        repo.markValidating(em, [
          { id: inv.id, attempts: 2, retryDelaySeconds: 600 },
          { id: other.id, attempts: 1, retryDelaySeconds: 30 },
        ]),
      );
      expect(await col(other.id, 'attempts')).toBe(1);
      expect(await col(inv.id, 'status')).toBe('validating');
      expect(await col(inv.id, 'attempts')).toBe(2);
      expect(
        await col(inv.id, `next_attempt_at BETWEEN now() + interval '599 seconds' AND now() + interval '601 seconds'`),
      ).toBe(true);
      await repo.recordLastError(inv.id, 'boom');
      expect(await col(inv.id, 'last_error')).toBe('boom');

      expect(await db.ds.transaction((em) => repo.lockRunState(em, inv.id))).toEqual({
        status: 'validating',
        validation_runs: 0,
      });
      await db.ds.transaction((em) => repo.markManyValidated(em, [{ id: inv.id, status: 'in_review', run: 1 }]));
      expect(
        (
          await db.ds.query(
            `SELECT status, validation_runs, attempts, next_attempt_at, last_error, validated_at IS NOT NULL AS validated, finalized_at
           FROM invoices WHERE id = $1`,
            [inv.id],
          )
        )[0],
      ).toEqual({
        status: 'in_review',
        validation_runs: 1,
        attempts: 0,
        next_attempt_at: null,
        last_error: null,
        validated: true,
        finalized_at: null,
      });
      await repo.recordLastError(inv.id, 'too late');
      expect(await col(inv.id, 'last_error')).toBeNull();

      await db.ds.transaction((em) => repo.setStatus(em, inv.id, 'validating'));
      await db.ds.transaction((em) => repo.markManyValidated(em, [{ id: inv.id, status: 'ready', run: 2 }]));
      expect(await col(inv.id, 'finalized_at IS NOT NULL')).toBe(true);
      expect(await db.ds.transaction((em) => repo.lockRunState(em, '00000000-0000-4000-8000-000000000000'))).toBeNull();
    });

    it('finds invoices stuck without a verdict past their back-off, least recently updated first', async () => {
      const ago = (s: number) => new Date(Date.now() - s * 1000);
      const older = await insertInvoice(db.ds, { status: 'received', updated_at: ago(600) });
      const old = await insertInvoice(db.ds, { status: 'validating', updated_at: ago(300), validation_runs: 1 });
      await insertInvoice(db.ds, { status: 'received', updated_at: ago(10) }); // recent
      await insertInvoice(db.ds, { status: 'ready', updated_at: ago(600) }); // has a verdict
      await insertInvoice(db.ds, {
        status: 'validating',
        updated_at: ago(600),
        next_attempt_at: new Date(Date.now() + 60_000),
      }); // backing off
      const stuck = await repo.stuck(120);
      expect(stuck.filter((s) => [older.id, old.id].includes(s.id))).toEqual([
        { id: older.id, validation_runs: 0 },
        { id: old.id, validation_runs: 1 },
      ]);
      expect(stuck).toHaveLength(2);
    });

    it('lists invoices to revalidate by status, country and reception window, oldest first, up to the limit', async () => {
      const at = (iso: string) => new Date(iso);
      const a = await insertInvoice(db.ds, {
        status: 'in_review',
        buyer_country: 'EE',
        received_at: at('2026-10-02T00:00:00Z'),
      });
      const b = await insertInvoice(db.ds, {
        status: 'in_review',
        buyer_country: 'EE',
        received_at: at('2026-10-01T00:00:00Z'),
      });
      await insertInvoice(db.ds, { status: 'ready', buyer_country: 'EE', received_at: at('2026-10-01T12:00:00Z') });
      await insertInvoice(db.ds, { status: 'in_review', buyer_country: 'LV', received_at: at('2026-10-01T12:00:00Z') });
      const c = await insertInvoice(db.ds, {
        status: 'in_review',
        buyer_country: 'EE',
        received_at: at('2026-10-05T00:00:00Z'),
      });
      const f = { statuses: ['in_review'], country: 'EE', receivedFrom: null, receivedTo: null };
      expect(await repo.idsMatching(f, 10)).toEqual([b.id, a.id, c.id]);
      expect(await repo.idsMatching(f, 2)).toEqual([b.id, a.id]);
      expect(
        await repo.idsMatching({ ...f, receivedFrom: '2026-10-02T00:00:00Z', receivedTo: '2026-10-05T00:00:00Z' }, 10),
      ).toEqual([a.id]);
    });
  });
});
