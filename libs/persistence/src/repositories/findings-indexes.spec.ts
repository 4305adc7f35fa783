import { explainScans, openTestDatabase, TestDatabase } from '@app/persistence/testing';

/**
 * Every finding of every validation run goes into each index of `findings`, so each index has to serve a
 * read: by invoice (its latest run's findings), by exception (an item's reasons, lists, decision history),
 * and the metrics' blocking findings by time. The rule id is only ever filtered beside one of those.
 */
describe('findings indexes (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('findings_idx');
  });
  afterAll(() => db?.close());

  it('has an index for each way findings are read, and none besides', async () => {
    const rows: { indexname: string }[] = await db.ds.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'findings' ORDER BY 1`,
    );
    expect(rows.map((r) => r.indexname)).toEqual([
      'findings_blocking_created_idx',
      'findings_exception_idx',
      'findings_invoice_idx',
      'findings_pkey',
    ]);
    // Each one can answer its read (sequential scans off: the table is empty here).
    await db.ds.transaction(async (em) => {
      await em.query('SET LOCAL enable_seqscan = off');
      const uses = async (sql: string, params: unknown[]) => (await explainScans(em, { sql, params })).scans;
      const id = '00000000-0000-0000-0000-000000000001';
      expect(await uses(`SELECT * FROM findings WHERE invoice_id = $1 AND validation_run = $2`, [id, 1])).toEqual([
        expect.stringMatching(/findings findings_invoice_idx$/),
      ]);
      expect(
        await uses(`SELECT rule_id FROM findings WHERE exception_id = $1 AND rule_id = $2`, [id, 'BR-01']),
      ).toEqual([expect.stringMatching(/findings findings_exception_idx$/)]);
      expect(
        await uses(
          `SELECT rule_id FROM findings WHERE severity = 'blocking' AND created_at >= $1 AND created_at < $2`,
          ['2026-01-01', '2026-02-01'],
        ),
      ).toEqual([expect.stringMatching(/findings findings_blocking_created_idx$/)]);
    });
  });
});
