import { DataSource } from 'typeorm';
import type { CanonicalInvoice } from '@app/domain';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { validateInvoice } from '@app/rules';
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
});
