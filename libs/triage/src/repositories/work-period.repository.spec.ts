import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { TriageFixtures } from '../testing/triage-fixtures';
import { closeWorkPeriods, openWorkPeriod } from './work-period.repository';

describe('work period repository (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: TriageFixtures;

  beforeAll(async () => {
    db = await openTestDatabase('triage_work_period_repo');
    fx = await new TriageFixtures(db.ds).init();
    await fx.queue('vat.FI');
  });
  afterAll(() => db?.close());

  it('closes the open periods of an item and returns the seconds they add', async () => {
    const r = await fx.reviewer();
    const id = await fx.exception(await fx.invoice(), 'vat.FI', { assigneeId: r });
    const t0 = new Date('2026-11-25T09:00:00Z');
    await openWorkPeriod(db.ds, id, r, t0);
    expect(await closeWorkPeriods(db.ds, id, new Date(t0.getTime() + 90_000))).toBe(90);
    // Nothing open any more: a second close adds nothing.
    expect(await closeWorkPeriods(db.ds, id, new Date(t0.getTime() + 200_000))).toBe(0);
    await openWorkPeriod(db.ds, id, r, new Date(t0.getTime() + 300_000));
    expect(await closeWorkPeriods(db.ds, id, new Date(t0.getTime() + 330_500))).toBe(30.5);
    const periods = await db.ds.query(
      `SELECT reviewer_id, started_at, ended_at FROM exception_work_periods WHERE exception_id = $1 ORDER BY id`,
      [id],
    );
    expect(periods).toHaveLength(2);
    expect(periods[0]).toEqual({ reviewer_id: r, started_at: t0, ended_at: new Date(t0.getTime() + 90_000) });
  });

  it('never ends a period before it started (a clock behind counts zero)', async () => {
    const r = await fx.reviewer();
    const id = await fx.exception(await fx.invoice(), 'vat.FI', { assigneeId: r });
    const t0 = new Date('2026-11-25T10:00:00Z');
    await openWorkPeriod(db.ds, id, r, t0);
    expect(await closeWorkPeriods(db.ds, id, new Date(t0.getTime() - 60_000))).toBe(0);
  });
});
