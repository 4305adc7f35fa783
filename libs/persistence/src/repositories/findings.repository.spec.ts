import { insertException, insertInvoice } from '@app/testing';
import { openTestDatabase, TestDatabase } from '../testing';
import { CombinedWrites } from './combined-writes';
import { FindingColumns, FindingsRepository, RunProvenance } from './findings.repository';

/** Columns of findings given as rows, the way the worker hands them over. */
function columns(
  rows: { rule: string; severity: string; route: string; exceptionId?: string | null; expected?: string | null }[],
): FindingColumns {
  return {
    exceptionIds: rows.map((r) => r.exceptionId ?? null),
    ruleIds: rows.map((r) => r.rule),
    severities: rows.map((r) => r.severity),
    categories: rows.map((r) => r.route.split('.')[0]),
    fieldPaths: rows.map((r) => `path.${r.rule}`),
    messages: rows.map((r) => `message of ${r.rule}`),
    expected: rows.map((r) => r.expected ?? null),
    actual: rows.map(() => null),
    hints: rows.map(() => 'a hint'),
    routeKeys: rows.map((r) => r.route),
  };
}

describe('FindingsRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: FindingsRepository;

  beforeAll(async () => {
    db = await openTestDatabase('findings_repo');
    repo = new FindingsRepository(db.ds);
  });
  afterAll(() => db.close());

  it("writes a run's findings in one statement and reads them back by severity then rule id, of that run only", async () => {
    const inv = await insertInvoice(db.ds, { validation_runs: 2 });
    const ex = await insertException(db.ds, { invoice_id: inv.id, route_key: 'vat.FI', queue_key: 'vat.FI' });
    await db.ds.transaction(async (em) => {
      await repo.insertRunFindings(em, [
        { invoiceId: inv.id, run: 1, columns: columns([{ rule: 'OLD-1', severity: 'blocking', route: 'vat.FI' }]) },
      ]);
      await repo.insertRunFindings(em, [
        {
          invoiceId: inv.id,
          run: 2,
          columns: columns([
            { rule: 'W-2', severity: 'warning', route: 'data.FI' },
            { rule: 'BR-CO-15', severity: 'blocking', route: 'vat.FI', exceptionId: ex.id, expected: '255.00' },
            { rule: 'BR-01', severity: 'blocking', route: 'vat.FI', exceptionId: ex.id },
            { rule: 'W-1', severity: 'warning', route: 'data.FI' },
          ]),
        },
      ]);
    });
    const found = await repo.ofRun(inv.id, 2);
    expect(found.map((f) => [f.severity, f.ruleId])).toEqual([
      ['blocking', 'BR-01'],
      ['blocking', 'BR-CO-15'],
      ['warning', 'W-1'],
      ['warning', 'W-2'],
    ]);
    expect(found[1]).toEqual({
      ruleId: 'BR-CO-15',
      severity: 'blocking',
      category: 'vat',
      fieldPath: 'path.BR-CO-15',
      message: 'message of BR-CO-15',
      expected: '255.00',
      actual: null,
      hint: 'a hint',
      routeKey: 'vat.FI',
      exceptionId: ex.id,
    });
    expect(found[2].exceptionId).toBeNull();
    expect((await repo.ofRun(inv.id, 1)).map((f) => f.ruleId)).toEqual(['OLD-1']);
    expect(await repo.ofRun(inv.id, 3)).toEqual([]);
  });

  it('keeps what the cap left out per rule, by rule id; a rule counted twice in a run is refused', async () => {
    const inv = await insertInvoice(db.ds);
    await db.ds.transaction((em) =>
      repo.insertRunSuppressions(em, [{ invoiceId: inv.id, run: 1, ruleIds: ['RULE-B', 'RULE-A'], counts: [120, 3] }]),
    );
    expect(await repo.suppressionsOfRun(inv.id, 1)).toEqual([
      { ruleId: 'RULE-A', suppressed: 3 },
      { ruleId: 'RULE-B', suppressed: 120 },
    ]);
    expect(await repo.suppressionsOfRun(inv.id, 2)).toEqual([]);
    await expect(
      db.ds.transaction((em) =>
        repo.insertRunSuppressions(em, [{ invoiceId: inv.id, run: 1, ruleIds: ['RULE-A'], counts: [1] }]),
      ),
    ).rejects.toThrow();
  });

  it("records a run's provenance once: a second record of the same run is ignored", async () => {
    const inv = await insertInvoice(db.ds);
    const packs = [{ name: 'en16931', version: '1.3.14', contentHash: 'abc', extra: 'not stored' }];
    await db.ds.transaction((em) =>
      repo.insertRuns(em, [
        { invoiceId: inv.id, run: 1, packs, settingsHash: 'a'.repeat(64), findings: 7, blocking: 2 },
      ]),
    );
    await db.ds.transaction((em) =>
      repo.insertRuns(em, [
        {
          invoiceId: inv.id,
          run: 1,
          packs: [],
          settingsHash: 'b'.repeat(64),
          findings: 0,
          blocking: 0,
        },
      ]),
    );
    expect(await repo.run(inv.id, 1)).toEqual({
      run: 1,
      packs: [{ name: 'en16931', version: '1.3.14', contentHash: 'abc' }],
      settings_hash: 'a'.repeat(64),
      findings: 7,
      blocking: 2,
      created_at: expect.any(Date),
    });
    expect(await repo.run(inv.id, 2)).toBeNull();
  });

  it('stores the list of packs that judged a run once for all runs judged by the same list', async () => {
    // A realistic list (what a Danish UBL invoice is judged by): ~550 bytes, the same for thousands of runs.
    const packs = ['syntax', 'en16931', 'peppol', 'country.dk', 'supplier', 'duplicates', 'purchase-order'].map(
      (name) => ({ name, version: '2026.11.3', contentHash: `${name}-`.padEnd(64, '0') }),
    );
    const other = packs.slice(0, 3);
    const invoices = await Promise.all([1, 2, 3, 4].map(() => insertInvoice(db.ds)));
    const runOf = (i: number, p: RunProvenance['packs']): RunProvenance => ({
      invoiceId: invoices[i].id,
      run: 1,
      packs: p,
      settingsHash: 'c'.repeat(64),
      findings: 0,
      blocking: 0,
    });
    // As the worker writes a group's verdicts: recorded with the group's other writes, sent as one statement.
    await db.ds.transaction(async (em) => {
      const writes = new CombinedWrites();
      await repo.insertRuns(writes.em, [runOf(0, packs), runOf(1, packs), runOf(2, other)]);
      await writes.flush(em);
    });
    await db.ds.transaction((em) => repo.insertRuns(em, [runOf(3, packs)]));
    for (const [i, p] of [packs, packs, other, packs].entries())
      expect((await repo.run(invoices[i].id, 1))?.packs).toEqual(p);
    const ids = invoices.map((i) => i.id);
    // Each run row holds a reference to its list, not the list (it was ~600 bytes a row, the list inline).
    const [{ bytes }] = await db.ds.query(
      `SELECT max(pg_column_size(v.*))::int AS bytes FROM validation_runs v WHERE invoice_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(bytes).toBeLessThan(200);
  });

  it("lists the distinct blocking rule ids of the invoice's latest run only", async () => {
    const inv = await insertInvoice(db.ds, { validation_runs: 2 });
    await db.ds.transaction(async (em) => {
      await repo.insertRunFindings(em, [
        { invoiceId: inv.id, run: 1, columns: columns([{ rule: 'GONE-1', severity: 'blocking', route: 'vat.FI' }]) },
      ]);
      await repo.insertRunFindings(em, [
        {
          invoiceId: inv.id,
          run: 2,
          columns: columns([
            { rule: 'BR-01', severity: 'blocking', route: 'data.FI' },
            { rule: 'BR-01', severity: 'blocking', route: 'data.FI' },
            { rule: 'BR-CO-15', severity: 'blocking', route: 'vat.FI' },
            { rule: 'W-1', severity: 'warning', route: 'data.FI' },
          ]),
        },
      ]);
    });
    expect((await repo.blockingRuleIdsOfLatestRun(inv.id)).sort()).toEqual(['BR-01', 'BR-CO-15']);
  });
});
