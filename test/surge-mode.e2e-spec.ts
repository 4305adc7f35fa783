import { triageClock } from '@app/triage';
import { PriorityRescoreService } from '../apps/worker/src/triage/priority-rescore.service';
import { bootTriage, exceptionRow, get, openException, routingDrained, staff, TriageHarness } from './triage.fixtures';

/** Surge mode by the controllable clock: a burst of arrivals above what the team on shift serves. */
describe('surge mode (PostgreSQL + Redis, controllable clock)', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('surge-mode');
  });
  afterAll(async () => h?.close());

  it('starts on a burst, serves time-to-breach first, and ends by itself when arrivals calm down', async () => {
    triageClock.set('2026-11-25T09:00:00Z'); // Wednesday 10:00 in Stockholm
    const manager = await staff(h, { role: 'manager' });
    const day = { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' };
    // One Swedish reviewer on shift, busy with one item: about 4 items an hour (15-minute default handle time).
    const sven = await staff(h, {
      countries: ['SE'],
      categories: ['data-quality'],
      capacity: 1,
      timeZone: 'Europe/Stockholm',
      workingHours: day,
    });
    const rescorer = h.worker.get(PriorityRescoreService);
    expect(await rescorer.surges()).toEqual([]);

    triageClock.set('2026-11-25T09:10:00Z');
    const burst = [];
    for (let i = 0; i < 9; i++)
      burst.push(await openException(h, { routeKey: 'data.SE', country: 'SE', amount: `${(9 - i) * 10000}.00` }));
    await routingDrained(h);
    // The rows are stamped by the database clock; the burst happened at the triage clock's 09:10.
    await h.ds.query(`UPDATE exceptions SET created_at = '2026-11-25T09:10:00Z' WHERE id = ANY($1)`, [
      burst.map((x) => x.id),
    ]);
    const waiting = (await Promise.all(burst.map((x) => exceptionRow(h, x.id)))).filter((r) => !r.assignee_id);
    expect(waiting).toHaveLength(8);
    // Different times left before the breach: the smallest amounts are the most urgent.
    for (const [i, r] of waiting.entries())
      await h.ds.query(`UPDATE exceptions SET sla_due_at = $2 WHERE id = $1`, [
        r.id,
        new Date(Date.parse('2026-11-25T12:00:00Z') - i * 600_000),
      ]);
    const before = await h.ds.query(`SELECT id FROM exceptions WHERE id = ANY($1) ORDER BY priority DESC, created_at`, [
      waiting.map((r) => r.id),
    ]);
    expect(before[0].id).toBe(waiting[0].id); // ordinary order: the largest amount first

    triageClock.set('2026-11-25T09:30:00Z');
    await rescorer.rescore();
    const queue = (await get(h, '/v1/queues/data.SE', manager)).body;
    expect(queue.surgeSince).toBe('2026-11-25T09:30:00.000Z');
    const served = await h.ds.query(
      `SELECT id, priority FROM exceptions WHERE id = ANY($1) ORDER BY priority DESC, created_at`,
      [waiting.map((r) => r.id)],
    );
    const byDue = await h.ds.query(`SELECT id FROM exceptions WHERE id = ANY($1) ORDER BY sla_due_at, id`, [
      waiting.map((r) => r.id),
    ]);
    expect(served.map((r: { id: string }) => r.id)).toEqual(byDue.map((r: { id: string }) => r.id));
    expect(Number(served[0].priority)).toBeGreaterThan(500);
    const [started] = await h.ds.query(
      `SELECT actor_type, reason, data FROM audit_events WHERE aggregate_type = 'queue' AND action = 'surge_started'`,
    );
    expect(started.data).toMatchObject({ queue: 'data.SE', arrivals: 9 });
    expect(started.data.capacity).toBeLessThan(9);
    expect(started.actor_type).toBe('system');
    // Other queues are not in surge.
    expect((await get(h, '/v1/queues/data.FI', manager)).body.surgeSince).toBeNull();

    // Sven resolves; an hour later nothing new has arrived: the surge ends by itself, the ordinary order returns.
    triageClock.set('2026-11-25T10:30:00Z');
    await rescorer.rescore();
    expect((await get(h, '/v1/queues/data.SE', manager)).body.surgeSince).toBeNull();
    const [ended] = await h.ds.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE aggregate_type = 'queue' AND action = 'surge_ended'`,
    );
    expect(ended.n).toBe(1);
    const after = await h.ds.query(`SELECT max(priority)::float8 AS top FROM exceptions WHERE id = ANY($1)`, [
      waiting.map((r) => r.id),
    ]);
    expect(after[0].top).toBeLessThan(500);
    void sven;
  });
});
