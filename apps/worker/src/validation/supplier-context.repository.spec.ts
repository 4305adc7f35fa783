import { explainScans, openTestDatabase, recordingQueries, TestDatabase } from '@app/persistence/testing';
import { createIntegration } from '@app/testing';
import { DuplicateProbe, SupplierContextRepository } from './supplier-context.repository';

describe('SupplierContextRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: SupplierContextRepository;
  let integrationId: string;
  let supplierId: string;
  const seller = 'FI02089088';

  const invoice = async (o: {
    number: string;
    issueDate?: string;
    payable?: string;
    currency?: string;
    status?: string;
    daysAgo?: number;
  }): Promise<string> => {
    const [r] = await db.ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, seller_vat_id, currency, payable, issue_date, received_at, canonical)
       VALUES ($1, 'api', 'json', $2, $3, $4, $5, $6, $7, now() - make_interval(days => $8), '{}'::jsonb) RETURNING id`,
      [
        integrationId,
        o.status ?? 'ready',
        o.number,
        seller,
        o.currency ?? 'EUR',
        o.payable ?? '100.00',
        o.issueDate ?? '2026-11-02',
        o.daysAgo ?? 1,
      ],
    );
    return r.id;
  };
  const probe = (o: Partial<DuplicateProbe> & { invoiceId: string }): DuplicateProbe => ({
    sellerVatId: seller,
    number: '',
    near: false,
    currency: null,
    payable: null,
    issueDate: null,
    windowDays: 0,
    ...o,
  });

  beforeAll(async () => {
    db = await openTestDatabase('supplier_context_repo');
    repo = new SupplierContextRepository(db.ds);
    integrationId = (await createIntegration(db.ds, 'erp')).id;
    [{ id: supplierId }] = await db.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code, blocked, blocked_reason, requires_po, price_tolerance_pct, payment_terms_days, currency)
       VALUES ('Acme Oy', $1, 'FI', true, 'fraud check', true, 2.5, 30, 'EUR') RETURNING id`,
      [seller],
    );
    await db.ds.query(
      `INSERT INTO supplier_bank_accounts (supplier_id, iban) VALUES ($1, 'FI2112345600000785'), ($1, 'FI5542345670000081')`,
      [supplierId],
    );
    await db.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('No Bank AB', 'SE556000000001', 'SE')`,
    );
  });
  afterAll(() => db.close());

  it('reads a supplier by VAT id with its bank accounts and tolerances as decimal text', async () => {
    const [s] = await repo.suppliersByVatIds([seller]);
    expect({ ...s, ibans: [...s!.ibans].sort() }).toEqual({
      id: supplierId,
      name: 'Acme Oy',
      vat_id: seller,
      country_code: 'FI',
      blocked: true,
      blocked_reason: 'fraud check',
      requires_po: true,
      ptol: '2.5',
      qtol: expect.any(String),
      payment_terms_days: 30,
      currency: 'EUR',
      ibans: ['FI2112345600000785', 'FI5542345670000081'],
    });
    const several = await repo.suppliersByVatIds(['SE556000000001', 'DE000000000', seller]);
    expect(several.map((r) => r.vat_id).sort()).toEqual([seller, 'SE556000000001']);
    expect(several.find((r) => r.vat_id === 'SE556000000001')!.ibans).toEqual([]);
    expect(await repo.suppliersByVatIds(['DE000000000'])).toEqual([]);
  });

  it('reads a purchase order by number with its lines, and its goods receipts', async () => {
    const [{ id: poId }] = await db.ds.query(
      `INSERT INTO purchase_orders (number, supplier_id, currency) VALUES ('PO-1', $1, 'EUR') RETURNING id`,
      [supplierId],
    );
    await db.ds.query(
      `INSERT INTO purchase_order_lines (purchase_order_id, line_number, description, quantity, unit_price)
       VALUES ($1, '10', 'Bolts', 100, 0.25), ($1, '20', NULL, 2.5, 40)`,
      [poId],
    );
    const [{ id: grId }] = await db.ds.query(
      `INSERT INTO goods_receipts (purchase_order_id, reference) VALUES ($1, 'GR-1') RETURNING id`,
      [poId],
    );
    await db.ds.query(
      `INSERT INTO goods_receipt_lines (goods_receipt_id, po_line_number, quantity_received) VALUES ($1, '10', 60)`,
      [grId],
    );
    await db.ds.query(`INSERT INTO purchase_orders (number, supplier_id, currency) VALUES ('PO-EMPTY', $1, 'EUR')`, [
      supplierId,
    ]);

    const [po] = await repo.purchaseOrdersByNumbers(['PO-1']);
    expect({ ...po, lines: [...po!.lines].sort((a, b) => a.lineNumber.localeCompare(b.lineNumber)) }).toEqual({
      id: poId,
      number: 'PO-1',
      supplier_id: supplierId,
      currency: 'EUR',
      lines: [
        { lineNumber: '10', description: 'Bolts', quantity: '100', unitPrice: '0.25' },
        { lineNumber: '20', description: null, quantity: '2.5', unitPrice: '40' },
      ],
    });
    const several = await repo.purchaseOrdersByNumbers(['PO-EMPTY', 'PO-NONE', 'PO-1']);
    expect(several.map((r) => r.number).sort()).toEqual(['PO-1', 'PO-EMPTY']);
    expect(several.find((r) => r.number === 'PO-EMPTY')!.lines).toEqual([]);
    expect(await repo.purchaseOrdersByNumbers(['PO-NONE'])).toEqual([]);
    const empty = several.find((r) => r.number === 'PO-EMPTY')!.id;
    expect(await repo.goodsReceiptsOf([poId, empty])).toEqual([
      { id: grId, purchase_order_id: poId, lines: [{ poLineNumber: '10', quantityReceived: '60' }] },
    ]);
  });

  it('reads the goods receipts of a few purchase orders by index, among 20,000 receipts (EXPLAIN)', async () => {
    // Validation asks for the receipts of the purchase orders its invoices name, a handful at a time, while
    // goods_receipts grows with every delivery: a sequential scan here costs each validation the whole table.
    const pos: string[] = (
      await db.ds.query(
        `INSERT INTO purchase_orders (number, supplier_id, currency)
         SELECT 'PO-BULK-' || g, $1, 'EUR' FROM generate_series(1, 10000) g RETURNING id`,
        [supplierId],
      )
    ).map((r: { id: string }) => r.id);
    await db.ds.query(
      `WITH gr AS (INSERT INTO goods_receipts (purchase_order_id, reference)
         SELECT p, 'GR-' || n FROM unnest($1::uuid[]) WITH ORDINALITY AS u(p, n), generate_series(1, 2) RETURNING id)
       INSERT INTO goods_receipt_lines (goods_receipt_id, po_line_number, quantity_received) SELECT id, '10', 1 FROM gr`,
      [pos],
    );
    await db.ds.query(`ANALYZE purchase_orders; ANALYZE goods_receipts; ANALYZE goods_receipt_lines`);
    const { db: recorded, sent } = recordingQueries<typeof db.ds>(db.ds);
    const asked = [pos[17], pos[4711], pos[9999]];
    const receipts = await new SupplierContextRepository(recorded).goodsReceiptsOf(asked);
    expect(receipts.map((r) => r.purchase_order_id).sort()).toEqual([...asked, ...asked].sort());
    const { scans } = await explainScans(db.ds, sent[0]!);
    expect(scans).not.toContain('Seq Scan goods_receipts');
    expect(scans).toEqual(
      expect.arrayContaining([expect.stringMatching(/Index Scan .*goods_receipts_purchase_order_idx$/)]),
    );
  });

  it('finds exact-number candidates without case and whitespace, never the invoice itself, a duplicate or an old one', async () => {
    const match = await invoice({ number: 'INV-2026-0042' });
    await invoice({ number: 'INV-2026-0042', status: 'duplicate' });
    await invoice({ number: 'INV-2026-0042', daysAgo: 130 });
    await invoice({ number: 'OTHER-1' });
    const self = await invoice({ number: ' inv-2026-0042 ' });
    const [rows] = await repo.duplicateCandidates([probe({ invoiceId: self, number: ' Inv-2026-0042\t' })]);
    expect(rows).toEqual([
      { id: match, invoice_number: 'INV-2026-0042', issue_date: '2026-11-02', payable: '100.00', currency: 'EUR' },
    ]);
  });

  it('finds near candidates only when asked: same currency and amount, issue date within the window', async () => {
    const near = await invoice({ number: 'N-1', issueDate: '2026-10-28', payable: '777.00', currency: 'eur' });
    await invoice({ number: 'N-2', issueDate: '2026-10-20', payable: '777.00' });
    await invoice({ number: 'N-3', issueDate: '2026-10-30', payable: '777.01' });
    await invoice({ number: 'N-4', issueDate: '2026-10-30', payable: '777.00', currency: 'USD' });
    const self = await invoice({ number: 'NEW-1', issueDate: '2026-11-01', payable: '777.00' });
    const near5 = {
      invoiceId: self,
      number: 'NEW-1',
      currency: 'EUR',
      payable: '777.0',
      issueDate: '2026-11-01',
      windowDays: 5,
    };
    const [nearRows] = await repo.duplicateCandidates([probe({ ...near5, near: true })]);
    expect(nearRows.map((r) => r.id)).toEqual([near]);
    expect(await repo.duplicateCandidates([probe({ ...near5, near: false })])).toEqual([[]]);
  });

  it('answers several probes in one statement as it answers each alone: each sees the others, none sees itself', async () => {
    const first = await invoice({ number: 'GRP-7', issueDate: '2026-11-05', payable: '300.00' });
    const second = await invoice({ number: 'grp 7', issueDate: '2026-11-06', payable: '300.00' });
    const third = await invoice({ number: 'GRP-8', issueDate: '2026-11-07', payable: '300.00' });
    const near = { near: true, currency: 'EUR', payable: '300.00', windowDays: 3 };
    const probes = [
      probe({ invoiceId: first, number: 'GRP-7', issueDate: '2026-11-05', ...near }),
      probe({ invoiceId: second, number: 'grp 7', issueDate: '2026-11-06', ...near }),
      probe({ invoiceId: third, number: 'GRP-8' }),
      probe({ invoiceId: first, number: 'GRP-7', issueDate: '2026-11-05', ...near }),
    ];
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
    const together = await repo.duplicateCandidates(probes);
    const alone = await Promise.all(probes.map(async (p) => (await repo.duplicateCandidates([p]))[0]));
    expect(together.map(ids)).toEqual(alone.map(ids));
    expect(together.map(ids)).toEqual([[second, third].sort(), [first, third].sort(), [], [second, third].sort()]);
    expect(await repo.duplicateCandidates([])).toEqual([]);
  });
});
