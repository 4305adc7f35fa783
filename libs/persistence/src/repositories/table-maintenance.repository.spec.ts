import { DataSource, QueryRunner } from 'typeorm';
import { createIntegration, createTestEnvironment, TestEnvironment, waitFor } from '@app/testing';
import { runMigrations } from '../migrate';
import { typeOrmOptions } from '../typeorm-options';
import {
  analyzeDue,
  analyzeIfOutgrown,
  DEFAULT_MAINTENANCE_THRESHOLDS,
  maintainHotTables,
} from './table-maintenance.repository';

/**
 * The server here runs with autovacuum off: the product must give its tables statistics itself,
 * after migrating, after bulk writes and from its maintenance job.
 */
describe('table statistics and maintenance', () => {
  let env: TestEnvironment;
  let ds: DataSource;
  let integrationId: string;

  const stat = async (table: string) =>
    (
      await ds.query(
        `SELECT last_analyze, last_vacuum, n_mod_since_analyze::int AS mods, n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2`,
        [env.schema, table],
      )
    )[0];
  /** Writes in one session and makes that session publish its activity counters at once (PostgreSQL 15 flushes them lazily). */
  const write = async (sql: string, params: unknown[] = []) => {
    const qr: QueryRunner = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query(`SELECT pg_stat_force_next_flush()`);
      await qr.query(sql, params);
      await qr.query(`SELECT 1`);
    } finally {
      await qr.release();
    }
  };
  const insertInvoices = (n: number, prefix: string) =>
    write(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, seller_vat_id, currency, payable, issue_date, canonical)
     SELECT $1, 'api', 'json', 'ready', $3 || g, 'FI0208908' || (g % 10), 'EUR', g, DATE '2026-11-01', '{}'::jsonb FROM generate_series(1, $2::int) g`,
      [integrationId, n, prefix],
    );

  beforeAll(async () => {
    env = await createTestEnvironment('tablemaint');
    ds = new DataSource(typeOrmOptions({ url: env.databaseUrl, schema: env.schema, poolSize: 4 }));
    await ds.initialize();
    await runMigrations(ds);
    integrationId = (await createIntegration(ds, 'maint')).id;
  });
  afterAll(async () => {
    await ds?.destroy();
    await env?.cleanup();
  });

  it('a table growing from empty to 70,000 rows, 500 at a time, is analyzed at most 25 times by default', () => {
    // Each ANALYZE samples up to 30,000 rows whatever the change: analyzing at every 5 % of growth cost the
    // bench's intake about 50 ANALYZEs of invoices and 105 s of PostgreSQL time for 70,000 invoices.
    let rows = 0,
      atLastAnalyze = 0,
      analyzed = 0;
    while (rows < 70_000) {
      rows += 500;
      if (analyzeDue(rows - atLastAnalyze, atLastAnalyze)) {
        analyzed++;
        atLastAnalyze = rows;
      }
    }
    expect(analyzed).toBeGreaterThan(10); // still follows the growth
    expect(analyzed).toBeLessThanOrEqual(25);
  });

  it('under sustained intake a table is analyzed again within a minute only when it doubled', () => {
    // Intake at 500 invoices a second from empty to 70,000 (140 s): at 10 % of growth alone this was 23
    // ANALYZEs of invoices, each sampling up to 30,000 rows (0.2-1.1 s of PostgreSQL each in the bench, a fifth
    // to a quarter of all its statement time). Autovacuum itself looks at a table at most once a minute.
    let rows = 0,
      atLastAnalyze = 0,
      lastAt = -Infinity,
      analyzed = 0;
    for (let second = 1; rows < 70_000; second++) {
      rows += 500;
      if (analyzeDue(rows - atLastAnalyze, atLastAnalyze, second - lastAt)) {
        analyzed++;
        atLastAnalyze = rows;
        lastAt = second;
      }
    }
    expect(analyzed).toBeGreaterThanOrEqual(7); // 500, 1,000, 2,000, ... 64,000: every doubling
    expect(analyzed).toBeLessThanOrEqual(10);
    // A table that doubles is analyzed at once, however recently it was; a small change waits for the minute.
    expect(analyzeDue(1_000, 1_000, 1)).toBe(true);
    expect(analyzeDue(2_000, 10_000, 59)).toBe(false);
    expect(analyzeDue(2_000, 10_000, 60)).toBe(true);
    expect(analyzeDue(900, 10_000, 3_600)).toBe(false); // below the 10 % threshold whatever the time
  });

  it('migrating gives every table of the schema statistics', async () => {
    const rows: { relname: string; last_analyze: Date | null }[] = await ds.query(
      `SELECT relname, last_analyze FROM pg_stat_user_tables WHERE schemaname = $1 ORDER BY relname`,
      [env.schema],
    );
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => !r.last_analyze).map((r) => r.relname)).toEqual([]);
  });

  it('a bulk write analyzes the tables it outgrew, and only those', async () => {
    const before = await stat('invoices');
    const findingsBefore = await stat('findings');
    await insertInvoices(2000, 'BULK-');
    expect((await analyzeIfOutgrown(ds, { invoices: 2000, findings: 0 })).analyzed).toEqual(['invoices']);
    const after = await stat('invoices');
    expect(after.last_analyze.getTime()).toBeGreaterThan(before.last_analyze.getTime());
    expect((await stat('findings')).last_analyze.getTime()).toBe(findingsBefore.last_analyze.getTime());
    const [{ reltuples }] = await ds.query(
      `SELECT reltuples::int AS reltuples FROM pg_class WHERE oid = $1::regclass`,
      [`"${env.schema}".invoices`],
    );
    expect(reltuples).toBe(2000);
    // A small write after that is within the statistics' tolerance.
    expect((await analyzeIfOutgrown(ds, { invoices: 10 })).analyzed).toEqual([]);
  });

  it('the maintenance pass analyzes a table past its threshold and vacuums one with many dead rows', async () => {
    const thresholds = {
      analyzeBase: 500,
      analyzeScale: 0.05,
      vacuumBase: 1000,
      vacuumScale: 0.05,
      vacuumMinIntervalSeconds: 300,
      analyzeMinIntervalSeconds: 0,
    };
    await maintainHotTables(ds, thresholds); // settle whatever the earlier tests left
    const before = await stat('invoices');
    const outboxBefore = await stat('outbox');
    await insertInvoices(1500, 'MORE-');
    await waitFor(async () => (await stat('invoices')).mods >= 1500, 15000, 100);
    let done = await maintainHotTables(ds, thresholds);
    expect(done).toEqual([expect.objectContaining({ table: 'invoices', action: 'analyze' })]);
    const analyzed = await stat('invoices');
    expect(analyzed.last_analyze.getTime()).toBeGreaterThan(before.last_analyze.getTime());
    expect(analyzed.last_vacuum).toBeNull();
    expect((await stat('outbox')).last_analyze.getTime()).toBe(outboxBefore.last_analyze.getTime());

    await write(`DELETE FROM invoices WHERE invoice_number LIKE 'BULK-%'`);
    await waitFor(async () => (await stat('invoices')).dead >= 2000, 15000, 100);
    done = await maintainHotTables(ds, thresholds);
    expect(done).toEqual([expect.objectContaining({ table: 'invoices', action: 'vacuum analyze' })]);
    const vacuumed = await stat('invoices');
    expect(vacuumed.last_vacuum).not.toBeNull();
    // Dead rows an old snapshot elsewhere still sees stay counted; the next pass does not vacuum again at once.
    expect(await maintainHotTables(ds, thresholds)).toEqual([]);
  });

  it('the maintenance pass analyzes a table again within the minute when it doubled, not when its rows were only updated', async () => {
    // Validation updates every invoice twice (validating, then its verdict): counted as changes, those updates
    // made the pass treat invoices as doubled and analyze it again within the minute, up to three times in the
    // bench's batch phase (0.6 s of PostgreSQL each). Updates count toward the 10 %, growth alone skips the minute.
    const thresholds = { ...DEFAULT_MAINTENANCE_THRESHOLDS, vacuumBase: 1e9 }; // no vacuum in this test
    await write(`ANALYZE invoices`);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM invoices`);
    expect(n).toBeGreaterThan(1000);
    await write(`UPDATE invoices SET updated_at = now()`);
    await write(`UPDATE invoices SET updated_at = now()`);
    await waitFor(async () => (await stat('invoices')).mods >= 2 * n, 15000, 100);
    expect((await maintainHotTables(ds, thresholds)).map((d) => d.table)).not.toContain('invoices');

    await insertInvoices(n, 'DOUBLED-');
    await waitFor(async () => (await stat('invoices')).mods >= 3 * n, 15000, 100);
    expect(await maintainHotTables(ds, thresholds)).toEqual(
      expect.arrayContaining([expect.objectContaining({ table: 'invoices', action: 'analyze' })]),
    );
  });

  it('samples the tables that grow by rows per invoice with 3,000 rows, and keeps the default for invoices and exceptions', async () => {
    await insertInvoices(8_000, 'SAMPLE-');
    await write(
      `INSERT INTO outbox (topic, aggregate_id, dispatched_at)
       SELECT 'invoice.received', i.id, now() FROM invoices i, generate_series(1, 5) g WHERE i.invoice_number LIKE 'SAMPLE-%'`,
    );
    const qr: QueryRunner = ds.createQueryRunner();
    const client = (await qr.connect()) as { on(e: 'notice', f: (n: { message: string }) => void): void };
    const notices: string[] = [];
    client.on('notice', (n) => notices.push(n.message));
    try {
      await qr.query(`ANALYZE VERBOSE outbox`);
    } finally {
      await qr.release();
    }
    const sample = notices.map((m) => /(\d+) rows in sample/.exec(m)?.[1]).find(Boolean);
    expect(Number(sample)).toBe(3_000); // 30,000 of the 40,000 records with the default target
    const targets: { relname: string; target: number }[] = await ds.query(
      `SELECT c.relname, max(a.attstattarget)::int AS target FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname IN ('invoices', 'exceptions') AND a.attnum > 0 AND NOT a.attisdropped GROUP BY 1 ORDER BY 1`,
      [env.schema],
    );
    expect(targets).toEqual([
      { relname: 'exceptions', target: -1 },
      { relname: 'invoices', target: -1 },
    ]);
  });
});
