import { DataSource } from 'typeorm';
import type { CanonicalInvoice } from '@app/domain';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { type SupplierContext, validateInvoice } from '@app/rules';
import { createIntegration, createTestEnvironment, sampleInvoice, TestEnvironment } from '@app/testing';
import { RuleSettingsProvider } from './rule-settings.provider';
import { RuleSettingsRepository } from './rule-settings.repository';
import { SupplierContextLoader } from './supplier-context.loader';
import { SupplierContextRepository } from './supplier-context.repository';

/**
 * Duplicate candidates of a big supplier: the earlier invoice that matches must be found however
 * many invoices the supplier sent since (a look at only the most recent ones misses it).
 */
describe('SupplierContextLoader duplicate candidates (PostgreSQL)', () => {
  let env: TestEnvironment;
  let ds: DataSource;
  let loader: SupplierContextLoader;
  let integrationId: string;
  const seller = 'FI02089088';

  const store = async (
    number: string,
    issueDate: string,
    payable: string,
    receivedDaysAgo: number,
    currency = 'EUR',
  ): Promise<string> => {
    const [r] = await ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, seller_vat_id, currency, payable, issue_date, received_at, canonical)
       VALUES ($1, 'api', 'json', 'ready', $2, $3, $4, $5, $6, now() - make_interval(days => $7), '{}'::jsonb) RETURNING id`,
      [integrationId, number, seller, currency, payable, issueDate, receivedDaysAgo],
    );
    return r.id;
  };
  const invoiceOf = (number: string, issueDate: string, payable: string) =>
    sampleInvoice({
      invoiceNumber: number,
      issueDate,
      totals: { lineNetTotal: '1000.00', taxExclusive: '1000.00', taxTotal: '255.00', taxInclusive: payable, payable },
    }) as unknown as CanonicalInvoice;

  beforeAll(async () => {
    env = await createTestEnvironment('dupcandidates');
    ds = new DataSource(typeOrmOptions({ url: env.databaseUrl, schema: env.schema, poolSize: 2 }));
    await ds.initialize();
    await runMigrations(ds);
    integrationId = (await createIntegration(ds, 'erp')).id;
    loader = new SupplierContextLoader(
      new SupplierContextRepository(ds),
      new RuleSettingsProvider(new RuleSettingsRepository(ds)),
    );
    await ds.query(`INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Acme Oy', $1, 'FI')`, [seller]);
    // The original, received 20 days ago, then 300 later invoices of the same supplier (other amounts).
    await store('INV-2026-0042', '2026-11-02', '1255.00', 20);
    await ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, seller_vat_id, currency, payable, issue_date, received_at, canonical)
       SELECT $1, 'api', 'json', 'ready', 'LATER-' || g, $2, 'EUR', 100 + g, DATE '2026-11-03' + (g % 10), now() - make_interval(mins => g), '{}'::jsonb
       FROM generate_series(1, 300) g`,
      [integrationId, seller],
    );
  });
  afterAll(async () => {
    await ds?.destroy();
    await env?.cleanup();
  });

  it('finds a near duplicate of an old invoice behind more than 200 later ones, and DUP-NEAR blocks', async () => {
    const inv = invoiceOf('INV 2026 0042/A', '2026-11-04', '1255.00');
    const id = await store(inv.invoiceNumber!, '2026-11-04', '1255.00', 0);
    const ctx = await loader.load(id, inv);
    expect(ctx.priorInvoices.map((p) => p.invoiceNumber)).toContain('INV-2026-0042');
    const findings = validateInvoice(inv, { format: 'json', buyerCountry: 'FI', supplier: ctx });
    expect(findings.map((f) => f.ruleId)).toContain('DUP-NEAR');
  });

  it('finds an exact number (other case and spacing) behind more than 200 later ones', async () => {
    const inv = invoiceOf(' inv-2026-0042 ', '2026-11-20', '999.00');
    const id = await store(inv.invoiceNumber!, '2026-11-20', '999.00', 0);
    const ctx = await loader.load(id, inv);
    expect(ctx.priorInvoices.map((p) => p.invoiceNumber)).toContain('INV-2026-0042');
    const findings = validateInvoice(inv, { format: 'json', buyerCountry: 'FI', supplier: ctx });
    expect(findings.map((f) => f.ruleId)).toContain('DUP-EXACT');
  });

  it("returns only candidates: not the supplier's other recent invoices, nor the same amount outside the date window or in another currency", async () => {
    await store('FAR-0001', '2026-09-01', '777.00', 1);
    await store('USD-0001', '2026-11-10', '777.00', 1, 'USD');
    const inv = invoiceOf('NEW-0001', '2026-11-10', '777.00');
    const id = await store(inv.invoiceNumber!, '2026-11-10', '777.00', 0);
    const ctx = await loader.load(id, inv);
    expect(ctx.priorInvoices).toEqual([]);
  });

  describe('loads arriving together', () => {
    const sorted = (ctx: SupplierContext) => ({
      ...ctx,
      priorInvoices: [...ctx.priorInvoices].sort((a, b) => a.id.localeCompare(b.id)),
      goodsReceipts: [...ctx.goodsReceipts].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    });

    it('give the contexts each load gives alone: supplier, order and receipts, and the candidates of each other', async () => {
      const [{ id: supplierId }] = await ds.query(`SELECT id FROM suppliers WHERE vat_id = $1`, [seller]);
      const [{ id: poId }] = await ds.query(
        `INSERT INTO purchase_orders (number, supplier_id, currency) VALUES ('PO-GROUP', $1, 'EUR') RETURNING id`,
        [supplierId],
      );
      await ds.query(
        `INSERT INTO purchase_order_lines (purchase_order_id, line_number, description, quantity, unit_price) VALUES ($1, '1', 'Bolts', 10, 2)`,
        [poId],
      );
      for (const [ref, qty] of [
        ['GR-A', 4],
        ['GR-B', 6],
      ] as const) {
        const [{ id }] = await ds.query(
          `INSERT INTO goods_receipts (purchase_order_id, reference) VALUES ($1, $2) RETURNING id`,
          [poId, ref],
        );
        await ds.query(
          `INSERT INTO goods_receipt_lines (goods_receipt_id, po_line_number, quantity_received) VALUES ($1, '1', $2)`,
          [id, qty],
        );
      }
      const withPo = { ...invoiceOf('GROUP-1', '2026-11-12', '431.00'), purchaseOrderReference: 'PO-GROUP' };
      const sameNumber = invoiceOf('group 1', '2026-11-13', '431.00');
      const unknownSeller = { ...invoiceOf('GROUP-2', '2026-11-12', '432.00') };
      unknownSeller.seller = { ...unknownSeller.seller!, vatId: 'SE556000000001' };
      const unknownPo = { ...invoiceOf('GROUP-3', '2026-11-30', '12.00'), purchaseOrderReference: 'PO-NONE' };
      const loads: [string, CanonicalInvoice][] = [];
      for (const inv of [withPo, sameNumber, unknownSeller, unknownPo, withPo])
        loads.push([await store(inv.invoiceNumber!, inv.issueDate!, inv.totals!.payable!, 0), inv]);

      const together = await Promise.all(loads.map(([id, inv]) => loader.load(id, inv)));
      const alone: SupplierContext[] = [];
      for (const [id, inv] of loads) alone.push(await loader.load(id, inv));
      expect(together.map(sorted)).toEqual(alone.map(sorted));

      const numbers = (ctx: SupplierContext) => ctx.priorInvoices.map((p) => p.invoiceNumber).sort();
      expect(together[0].purchaseOrder).toMatchObject({ id: poId, number: 'PO-GROUP', supplierId });
      expect(together[0].goodsReceipts.map((g) => g.lines[0].quantityReceived).sort()).toEqual(['4', '6']);
      expect(together[0].goodsReceipts.every((g) => g.poNumber === 'PO-GROUP')).toBe(true);
      // Each sees the other invoices of the group (same number, or same amount within the window), never itself.
      expect(numbers(together[0])).toEqual(['GROUP-1', 'group 1']);
      expect(numbers(together[1])).toEqual(['GROUP-1', 'GROUP-1']);
      expect(together[2]).toEqual({ supplier: null, purchaseOrder: null, goodsReceipts: [], priorInvoices: [] });
      expect(together[3]).toMatchObject({ supplier: { vatId: seller }, purchaseOrder: null, goodsReceipts: [] });
      expect(numbers(together[3])).toEqual([]);
    });

    it('leave an invoice whose values PostgreSQL refuses to fail alone', async () => {
      const bad = invoiceOf('BAD-DATE', '2026-02-30', '55.00');
      const good = invoiceOf('GOOD-DATE', '2026-02-27', '55.00');
      const badId = await store('BAD-DATE', '2026-02-27', '55.00', 0);
      const goodId = await store('GOOD-DATE', '2026-02-27', '55.00', 0);
      const [b, g] = await Promise.allSettled([loader.load(badId, bad), loader.load(goodId, good)]);
      expect(b.status).toBe('rejected');
      expect(g.status === 'fulfilled' && g.value.priorInvoices.map((p) => p.invoiceNumber)).toEqual(['BAD-DATE']);
    });
  });
});
