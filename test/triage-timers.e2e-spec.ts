import { JobProducer, QueueName } from '@app/queueing';
import { deleteRedisKeys, waitFor } from '@app/testing';
import { triageClock } from '@app/triage';
import { AbandonedClaimsService } from '../apps/worker/src/triage/abandoned-claims.service';
import { SlaTimerService } from '../apps/worker/src/triage/sla-timer.service';
import { TriageReconciliationService } from '../apps/worker/src/triage/triage-reconciliation.service';
import {
  bootTriage,
  exceptionRow,
  get,
  openException,
  post,
  routingDrained,
  staff,
  TriageHarness,
} from './triage.fixtures';

describe('triage timers and reconciliation (PostgreSQL + Redis, controllable clock)', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('triage-timers');
  });
  afterAll(async () => h?.close());

  const timersOf = async (exceptionId: string) => {
    const q = h.api.get(JobProducer).queue(QueueName.ExceptionTimers);
    return (await q.getJobs(['delayed', 'waiting'])).filter((j) => j?.data.exceptionId === exceptionId);
  };

  it('fires the SLA warning and the breach escalation in business hours, once each', async () => {
    const admin = await staff(h, { role: 'admin' });
    const patched = await h.api.inject({
      method: 'PATCH',
      url: '/v1/queues/vat.EE',
      headers: admin.auth,
      payload: {
        slaMinutes: 120,
        warnAtShare: 0.5,
        timeZone: 'Europe/Tallinn',
        calendar: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' },
      },
    });
    expect(patched.statusCode).toBe(200);
    triageClock.set('2026-11-25T14:00:00Z'); // Wednesday 16:00 in Tallinn: one business hour left today
    const x = await openException(h, { routeKey: 'vat.EE', category: 'regulatory', country: 'EE' });
    const row = await waitFor(async () => {
      const r = await exceptionRow(h, x.id);
      return r.sla_due_at ? r : null;
    }, 20000);
    expect(new Date(row.sla_warn_at).toISOString()).toBe('2026-11-25T15:00:00.000Z'); // 17:00 local
    expect(new Date(row.sla_due_at).toISOString()).toBe('2026-11-26T07:00:00.000Z'); // Thursday 09:00 local, not 18:00 Wednesday
    // One timer at a time: the warning now, the breach once the warning has fired (one Redis job per item
    // instead of two: the timers were most of the Redis scripts under intake).
    expect((await timersOf(x.id)).map((j) => j.name)).toEqual(['sla-warning']);

    // The evening passes by the clock; BullMQ's own delay is simulated by promoting the delayed jobs.
    triageClock.set('2026-11-25T16:30:00Z');
    for (const j of await timersOf(x.id)) await j.promote();
    await waitFor(async () => (await exceptionRow(h, x.id)).sla_warned_at, 20000);
    const warned = await exceptionRow(h, x.id);
    expect(warned.sla_breached_at).toBeNull();
    const breachTimer = await waitFor(async () => {
      const t = await timersOf(x.id);
      return t.length === 1 && t[0].name === 'sla-breach' ? t[0] : null;
    }, 20000);
    expect(breachTimer.data.dueAt).toBe('2026-11-26T07:00:00.000Z');
    const viewer = await staff(h, { role: 'manager' });
    let q = (await get(h, '/v1/queues/vat.EE', viewer)).body;
    expect(q.stats).toMatchObject({ atRisk: 1, breached: 0 });

    triageClock.set('2026-11-26T07:00:01Z');
    for (const j of await timersOf(x.id)) await j.promote();
    const breached = await waitFor(async () => {
      const r = await exceptionRow(h, x.id);
      return r.sla_breached_at ? r : null;
    }, 20000);
    expect(breached.escalated_at).not.toBeNull();
    expect(Number(breached.priority)).toBeGreaterThanOrEqual(1000);
    // Safe to fire twice.
    expect(await h.worker.get(SlaTimerService).fire(x.id, 'sla-breach')).toBe('done');
    expect(await h.worker.get(SlaTimerService).fire(x.id, 'sla-warning')).toBe('done');
    const [{ n }] = await h.ds.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE aggregate_id = $1 AND action IN ('sla_warning','sla_breached')`,
      [x.id],
    );
    expect(n).toBe(2);
    q = (await get(h, '/v1/queues/vat.EE', viewer)).body;
    expect(q.stats).toMatchObject({ open: 1, atRisk: 0, breached: 1 });
  });

  it('returns abandoned claims to the queue after the claim timeout', async () => {
    triageClock.set('2026-11-25T09:00:00Z');
    const r = await staff(h, { countries: ['FI'], categories: ['regulatory'], availability: 'off' });
    const x = await openException(h, { routeKey: 'vat.FI', category: 'regulatory', country: 'FI', enqueue: false });
    expect((await post(h, `/v1/exceptions/${x.id}/claim`, r)).status).toBe(200);
    triageClock.advance(29 * 60_000);
    const abandoned = h.worker.get(AbandonedClaimsService);
    expect(await abandoned.releaseAbandoned()).toBe(0);
    triageClock.advance(2 * 60_000);
    expect(await abandoned.releaseAbandoned()).toBe(1);
    const row = await exceptionRow(h, x.id);
    expect(row).toMatchObject({ status: 'open', assignee_id: null });
    expect(Number(row.handle_seconds)).toBe(31 * 60);
    expect(await abandoned.releaseAbandoned()).toBe(0);
  });

  it('rebuilds every queue after a Redis flush mid-run: nothing lost, nothing duplicated', async () => {
    triageClock.set('2026-11-25T09:00:00Z');
    const nl = await staff(h, { countries: ['NL'], categories: ['data-quality'], capacity: 5 });
    const before = await Promise.all(
      Array.from({ length: 20 }, () =>
        openException(h, { routeKey: 'data.NL', category: 'data-quality', country: 'NL' }),
      ),
    );
    await waitFor(async () => {
      const [{ n }] = await h.ds.query(
        `SELECT count(*)::int AS n FROM exceptions WHERE id = ANY($1) AND sla_due_at IS NOT NULL`,
        [before.map((b) => b.id)],
      );
      return n === 20;
    }, 30000);
    // Mid-run: more items arrive and Redis loses everything (queued routing jobs and delayed SLA timers).
    const during = await Promise.all(
      Array.from({ length: 20 }, () =>
        openException(h, { routeKey: 'data.NL', category: 'data-quality', country: 'NL' }),
      ),
    );
    await deleteRedisKeys(h.env.redisUrl, `{${h.env.queuePrefix}}*`);
    const all = [...before, ...during].map((x) => x.id);

    const reconciliation = h.worker.get(TriageReconciliationService);
    await reconciliation.reconcile();
    await waitFor(async () => {
      const [{ n }] = await h.ds.query(
        `SELECT count(*)::int AS n FROM exceptions WHERE id = ANY($1) AND sla_due_at IS NOT NULL`,
        [all],
      );
      return n === 40;
    }, 30000);
    await routingDrained(h);
    await reconciliation.reconcile(); // twice: still no duplicates
    await routingDrained(h);

    const rows = await h.ds.query(`SELECT id, status, assignee_id FROM exceptions WHERE id = ANY($1)`, [all]);
    expect(rows.filter((r: any) => r.assignee_id === nl.id)).toHaveLength(5);
    expect(rows.filter((r: any) => r.status === 'open' && r.assignee_id === null)).toHaveLength(35);
    const [{ periods }] = await h.ds.query(
      `SELECT count(*)::int AS periods FROM exception_work_periods WHERE exception_id = ANY($1) AND ended_at IS NULL`,
      [all],
    );
    expect(periods).toBe(5);
    const routed = await h.ds.query(
      `SELECT aggregate_id, count(*)::int AS n FROM audit_events WHERE action = 'routed' AND aggregate_id = ANY($1) GROUP BY 1`,
      [all],
    );
    expect(routed).toHaveLength(40);
    expect(routed.every((r: any) => r.n === 1)).toBe(true);
    // Timers are scheduled right after each routing commit: wait until they are all there, then check none is doubled.
    const delayedTimers = async () =>
      (await h.api.get(JobProducer).queue(QueueName.ExceptionTimers).getJobs(['delayed'])).filter((j) =>
        all.includes(j.data.exceptionId),
      );
    await waitFor(async () => (await delayedTimers()).length >= 40, 30000);
    const timers = await delayedTimers();
    expect(timers).toHaveLength(40); // the next timer of each item (its warning), once
    expect(new Set(timers.map((t) => t.data.exceptionId)).size).toBe(40);
    expect(timers.every((t) => t.name === 'sla-warning')).toBe(true);
    const q = (await get(h, '/v1/queues/data.NL', nl)).body;
    expect(q.stats).toMatchObject({ open: 40, unassigned: 35 });
  });
});
