import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createStaffUser, insertException } from '@app/testing';
import { BREACH_BOOST } from '@app/triage';
import { ExceptionTimersRepository } from './exception-timers.repository';

const NOW = new Date('2026-11-30T10:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe('ExceptionTimersRepository', () => {
  let db: TestDatabase;
  let repo: ExceptionTimersRepository;

  beforeAll(async () => {
    db = await openTestDatabase('exception-timers-repo');
    repo = new ExceptionTimersRepository(db.ds);
  });
  afterAll(() => db.close());
  beforeEach(() => db.ds.query(`TRUNCATE exceptions CASCADE`));

  it('finds held items idle longer than their queue claim timeout, and only those', async () => {
    const r = await createStaffUser(db.ds);
    await db.ds.query(
      `INSERT INTO review_queues (key, name, category, claim_timeout_minutes) VALUES ('data.FI','d','data',30)`,
    );
    const held = { status: 'assigned', assignee_id: r.id, queue_key: 'data.FI' };
    const idle = await insertException(db.ds, { ...held, last_activity_at: minutes(-31) });
    const busy = await insertException(db.ds, { ...held, last_activity_at: minutes(-29) });
    await insertException(db.ds, { status: 'open', last_activity_at: minutes(-90) });

    expect((await repo.staleClaims(NOW, 10)).map((x) => x.id)).toEqual([idle.id]);
    expect(await repo.staleClaims(NOW, 0)).toEqual([]);
    expect(await repo.isStaleClaim(db.ds, idle.id, NOW)).toBe(true);
    expect(await repo.isStaleClaim(db.ds, busy.id, NOW)).toBe(false);
    expect(await repo.isStaleClaim(db.ds, busy.id, minutes(2))).toBe(true);
  });

  it('marks a warning, and a breach that also warns, escalates and boosts the priority once', async () => {
    const w = await insertException(db.ds, { priority: 10 });
    const b = await insertException(db.ds, { priority: 10, sla_warned_at: minutes(-60) });
    await repo.markWarned(db.ds, w.id, NOW);
    await repo.markBreached(db.ds, b.id, NOW);
    const [wr, br] = await Promise.all(
      [w.id, b.id].map(async (id) => (await db.ds.query(`SELECT * FROM exceptions WHERE id = $1`, [id]))[0]),
    );
    expect(wr.sla_warned_at).toEqual(NOW);
    expect(wr.sla_breached_at).toBeNull();
    expect(Number(wr.priority)).toBe(10);
    expect(br.sla_breached_at).toEqual(NOW);
    expect(br.sla_warned_at).toEqual(minutes(-60));
    expect(br.escalated_at).toEqual(NOW);
    expect(Number(br.priority)).toBe(10 + BREACH_BOOST);
  });

  it('lists due timers, counts and pages the pending ones, leaving out paused, breached and closed items', async () => {
    const warnDue = await insertException(db.ds, { sla_warn_at: minutes(-1), sla_due_at: minutes(60) });
    const breachDue = await insertException(db.ds, {
      sla_warn_at: minutes(-90),
      sla_warned_at: minutes(-90),
      sla_due_at: minutes(-1),
    });
    const ahead = await insertException(db.ds, { sla_warn_at: minutes(30), sla_due_at: minutes(60) });
    await insertException(db.ds, { sla_warn_at: minutes(-5), sla_due_at: minutes(-1), sla_paused_at: minutes(-10) });
    await insertException(db.ds, { sla_due_at: minutes(-1), sla_breached_at: minutes(-1) });
    await insertException(db.ds, { status: 'resolved', sla_warn_at: minutes(-5), sla_due_at: minutes(60) });

    const due = await repo.dueTimers(NOW, 100);
    expect(due.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: warnDue.id, warn: true, breach: false },
        { id: breachDue.id, warn: false, breach: true },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(await repo.dueTimers(NOW, 1)).toHaveLength(1);

    // One timer per item with its breach ahead (the next one: warnDue's warning is due now, ahead's warning
    // is ahead; each breach timer is scheduled once its warning fired).
    expect(await repo.expectedTimers(NOW)).toBe(2);
    const pending = await repo.pendingTimers(NOW, 0);
    expect(pending.map((p) => p.id)).toEqual([warnDue.id, ahead.id].sort());
    expect(pending.find((p) => p.id === ahead.id)).toMatchObject({ sla_warn_at: minutes(30), sla_due_at: minutes(60) });
    expect(await repo.pendingTimers(NOW, 2)).toEqual([]);
  });
});
