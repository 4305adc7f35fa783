import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { EnvironmentVariables } from '@app/config';
import { createIntegration, createTestEnvironment, sampleInvoice, TestEnvironment, waitFor } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { IntakeService } from '../apps/api/src/modules/intake/intake.service';
import { maintenanceTasksProvider } from '../apps/worker/src/maintenance/maintenance-tasks';
import { TableMaintenanceService } from '../apps/worker/src/maintenance/table-maintenance.service';

/** Statistics kept by the product itself (the server here runs with autovacuum off). */
describe('table statistics after bulk intake and from the maintenance job', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;

  const lastAnalyze = async (table: string): Promise<number> =>
    (
      await ds.query(`SELECT last_analyze FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2`, [
        env.schema,
        table,
      ])
    )[0].last_analyze.getTime();

  beforeAll(async () => {
    env = await createTestEnvironment('tablestats');
    app = await createApiApp({ logger: false });
    await app.init();
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('a batch that outgrows the statistics of invoices and audit events analyzes them', async () => {
    const intake = app.get(IntakeService);
    const { id } = await createIntegration(ds, 'bulk');
    const before = {
      invoices: await lastAnalyze('invoices'),
      audit: await lastAnalyze('audit_events'),
      findings: await lastAnalyze('findings'),
    };
    const { results } = await intake.acceptBatch(
      id,
      Array.from({ length: 600 }, () => sampleInvoice()),
    );
    expect(results.filter((r) => r.status === 'received')).toHaveLength(600);
    await intake.settled();
    expect(await lastAnalyze('invoices')).toBeGreaterThan(before.invoices);
    expect(await lastAnalyze('audit_events')).toBeGreaterThan(before.audit);
    expect(await lastAnalyze('findings')).toBe(before.findings);
  });

  it('single POSTs that together outgrow the statistics of invoices and audit events analyze them', async () => {
    const intake = app.get(IntakeService);
    const { id } = await createIntegration(ds, 'singles');
    await ds.query(`ANALYZE invoices, audit_events`);
    const before = { invoices: await lastAnalyze('invoices'), audit: await lastAnalyze('audit_events') };
    // Concurrent singles are written in groups of a few; none of them alone outgrows anything.
    for (let wave = 0; wave < 14; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => intake.accept(id, { format: 'json', invoice: sampleInvoice() }, 'api')),
      );
      expect(answers.every((a) => a.status === 202)).toBe(true);
    }
    await intake.settled();
    expect(await lastAnalyze('invoices')).toBeGreaterThan(before.invoices);
    expect(await lastAnalyze('audit_events')).toBeGreaterThan(before.audit);
  });

  it('singles do not ask for the statistics after every group while nothing can be due', async () => {
    const intake = app.get(IntakeService);
    const { id } = await createIntegration(ds, 'checks');
    // Tables of 6,000 invoices, analyzed just now: the 600 singles that follow outgrow nothing within the
    // minute, so their rows only keep counting toward the next analysis.
    await ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, seller_vat_id, currency, payable, issue_date, canonical)
         SELECT $1, 'api', 'json', 'ready', 'SEED-' || g, 'FI02089080', 'EUR', g, DATE '2026-11-01', '{}'::jsonb FROM generate_series(1, 6000) g`,
      [id],
    );
    await ds.query(`INSERT INTO audit_events (aggregate_type, aggregate_id, action, actor_type, actor_id)
       SELECT 'invoice', id, 'received', 'integration', 'seed' FROM invoices WHERE invoice_number LIKE 'SEED-%'`);
    await ds.query(`ANALYZE invoices, audit_events`);
    const checks: string[] = [];
    const query = ds.query.bind(ds);
    const spy = jest.spyOn(ds, 'query').mockImplementation(((sql: string, params?: unknown[]) => {
      if (/reltuples/.test(sql)) checks.push(sql);
      return query(sql, params);
    }) as typeof ds.query);
    try {
      let written = 0;
      for (let wave = 0; wave < 24; wave++) {
        const invoices = Array.from({ length: 25 }, () => sampleInvoice());
        written += invoices.length;
        const answers = await Promise.all(
          invoices.map((invoice) => intake.accept(id, { format: 'json', invoice }, 'api')),
        );
        expect(answers.every((a) => a.status === 202)).toBe(true);
        await intake.settled();
      }
      // At most one check (to learn the statistics' age, when no write before asked); after it nothing can be
      // due, and nothing is asked. Checking after every group once a count passed 500 asked after most waves.
      expect(written).toBeGreaterThan(500);
      expect(checks.length).toBeLessThanOrEqual(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('the worker runs the table maintenance pass as a repeatable task', async () => {
    const tasks = maintenanceTasksProvider.useFactory(
      {} as never,
      {} as never,
      new TableMaintenanceService(ds),
      {} as never,
      new EnvironmentVariables(),
    );
    // A freshly created schema fills through singles, which analyze nothing themselves: every 60 s let the
    // plans of the push check and of the findings insert work from the sizes of an empty table for a minute
    // (bench intake --quick: push check 3.5 s and findings insert 2.6 s of PostgreSQL for 8,000 invoices,
    // 0.5 s and 0.6 s with a pass every 10 s). The pass is one read of pg_stat_user_tables when nothing is due.
    expect(tasks.tables.everySeconds).toBeGreaterThan(0);
    expect(tasks.tables.everySeconds).toBeLessThanOrEqual(10);
    // Outbox records (an admin's retries; intake writes none) analyzed, then all deleted: due for analysis.
    const stat = async (): Promise<{ live: number; mods: number }> =>
      (
        await ds.query(
          `SELECT n_live_tup::int AS live, n_mod_since_analyze::int AS mods FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'outbox'`,
          [env.schema],
        )
      )[0];
    const qr = ds.createQueryRunner();
    await qr.connect();
    const seeded = 2000;
    const liveBefore = (await stat()).live;
    await qr.query(
      `INSERT INTO outbox (topic, aggregate_id, dispatched_at) SELECT 'invoice.retried', gen_random_uuid(), now() FROM generate_series(1, $1)`,
      [seeded],
    );
    await qr.query(`SELECT pg_stat_force_next_flush()`);
    await qr.query(`SELECT 1`);
    // The insert counted before the ANALYZE: a flush of it after the ANALYZE would count the rows twice.
    await waitFor(async () => (await stat()).live >= liveBefore + seeded);
    await qr.query(`ANALYZE outbox`);
    const before = await lastAnalyze('outbox');
    const modsBefore = (await stat()).mods;
    await qr.query(`SELECT pg_stat_force_next_flush()`);
    const [, deleted] = await qr.query(`DELETE FROM outbox`);
    await qr.query(`SELECT 1`);
    await qr.release();
    expect(deleted).toBeGreaterThanOrEqual(seeded);
    await waitFor(async () => (await stat()).mods >= modsBefore + deleted);
    const result = await tasks.tables.run();
    expect(result).toEqual(
      // Analyzed; with every row deleted, vacuumed too.
      expect.arrayContaining([
        expect.objectContaining({ table: 'outbox', action: expect.stringMatching(/^(vacuum )?analyze$/) }),
      ]),
    );
    expect(await lastAnalyze('outbox')).toBeGreaterThan(before);
  });
});
