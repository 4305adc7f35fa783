import { computePriority, PriorityRule, prioritySql, rescoreWaiting, triageClock } from '@app/triage';
import { PriorityRescoreService } from '../apps/worker/src/triage/priority-rescore.service';
import { SlaTimerService } from '../apps/worker/src/triage/sla-timer.service';
import { TriageHousekeepingProcessor } from '../apps/worker/src/triage/triage-housekeeping.processor';
import { TriageRoutingService } from '../apps/worker/src/triage/triage-routing.service';
import {
  bootTriage,
  exceptionRow,
  openException,
  post,
  staff,
  TriageHarness,
  WEDNESDAY_MORNING,
} from './triage.fixtures';

const DAY = 86_400_000;

describe('priority re-scoring of waiting work (PostgreSQL + Redis, controllable clock)', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('triage-priority');
    // The tests re-score by calling the service on their own clock. The worker's housekeeping schedulers also
    // re-score at start-up: that job once ran between a test's clock advance and its reading of the scores "as
    // routed" (CI). Paused here (an active job finishes first), it cannot.
    await h.worker.get(TriageHousekeepingProcessor).worker.pause();
  });
  afterAll(async () => h?.close());
  beforeEach(() => triageClock.set(WEDNESDAY_MORNING));

  /** An item routed by the worker's routing step (no reviewer is online, so it waits in its queue). */
  const waiting = async (x: { routeKey: string; country: string; amount: string; dueDate: string }) => {
    const item = await openException(h, { ...x, category: 'data-quality', enqueue: false });
    expect(await h.worker.get(TriageRoutingService).route(item.id)).toBeNull();
    return item;
  };
  const priorityOf = async (id: string) => Number((await exceptionRow(h, id)).priority);
  const rescore = () => h.worker.get(PriorityRescoreService).rescore();
  const admin = () => staff(h, { role: 'admin' });

  it('computes in SQL exactly what computePriority computes', async () => {
    const now = new Date('2026-11-25T10:17:43.123Z');
    const amounts = [null, '0', '0.01', '99.99', '1255.00', '123456.78', '9999999.99', '250000000', '-250.50'];
    const dues = [
      null,
      '2026-10-01',
      '2026-11-25',
      '2026-11-26',
      '2026-12-07',
      '2026-12-24',
      '2026-12-25',
      '2027-03-01',
    ];
    const ages = [0, 1, DAY * 0.125, 3_600_000 * 3.7, DAY * 2.5, DAY * 9.999, DAY * 12, -60_000];
    const rules: PriorityRule[] = [
      { amountWeight: 1, dueDateWeight: 1, ageWeight: 1 },
      { amountWeight: 0.3, dueDateWeight: 2.5, ageWeight: 7 },
      { amountWeight: 0, dueDateWeight: 0, ageWeight: 1 },
      { amountWeight: 100, dueDateWeight: 0.1, ageWeight: 33.3 },
    ];
    const cases = amounts.flatMap((amount) =>
      dues.flatMap((dueDate) =>
        ages.flatMap((age) =>
          rules.map((rule) => ({ amount, dueDate, enteredAt: new Date(now.getTime() - age), rule })),
        ),
      ),
    );
    const sql = prioritySql({
      amount: 'c.amount',
      dueDate: 'c.due',
      enteredAt: 'c.entered',
      rule: 'c.rule',
      now: '$1::timestamptz',
    });
    const rows: { p: string }[] = await h.ds.query(
      `SELECT ${sql} AS p FROM unnest($2::numeric[], $3::date[], $4::timestamptz[], $5::jsonb[]) WITH ORDINALITY AS c(amount, due, entered, rule, n) ORDER BY c.n`,
      [
        now,
        cases.map((c) => c.amount),
        cases.map((c) => c.dueDate),
        cases.map((c) => c.enteredAt),
        cases.map((c) => JSON.stringify(c.rule)),
      ],
    );
    expect(rows).toHaveLength(cases.length);
    const mismatches = cases
      .map((c, i) => ({ c, sql: Number(rows[i].p), ts: computePriority(c, c.rule, now) }))
      .filter((m) => m.sql !== m.ts);
    expect(mismatches).toEqual([]);
    expect(new Set(rows.map((r) => r.p)).size).toBeGreaterThan(100); // the grid exercises the formula, not one constant
  });

  it('lets an older item overtake a fresher one as the clock advances; review/next hands it out first', async () => {
    const older = await waiting({ routeKey: 'data.LV', country: 'LV', amount: '100.00', dueDate: '2027-06-01' });
    triageClock.advance(3 * DAY);
    const fresher = await waiting({ routeKey: 'data.LV', country: 'LV', amount: '5000.00', dueDate: '2027-06-01' });
    // As routed: the larger amount leads, because the older item's score still says "age 0".
    expect(await priorityOf(older.id)).toBe(2.86);
    expect(await priorityOf(fresher.id)).toBe(5.28);

    const result = await rescore();
    expect(result.changed).toBeGreaterThanOrEqual(1);
    expect(await priorityOf(older.id)).toBe(5.86); // 2.86 for the amount + 3 days in the queue
    expect(await priorityOf(fresher.id)).toBe(5.28);

    const reviewer = await staff(h, { countries: ['LV'], categories: ['data-quality'], availability: 'off' });
    const first = await post(h, '/v1/review/next', reviewer);
    expect(first.status).toBe(200);
    expect(first.body.id).toBe(older.id);
    expect((await post(h, '/v1/review/next', reviewer)).body.id).toBe(fresher.id);
  });

  it('lets an item whose invoice falls due overtake a larger one', async () => {
    const large = await waiting({ routeKey: 'data.LT', country: 'LT', amount: '100000.00', dueDate: '2027-01-20' });
    const dueSoon = await waiting({ routeKey: 'data.LT', country: 'LT', amount: '100.00', dueDate: '2026-12-20' });
    expect(await priorityOf(large.id)).toBeGreaterThan(await priorityOf(dueSoon.id)); // 7.14 against 2.86 + 1.67

    triageClock.advance(20 * DAY); // 2026-12-15 09:00: 4.6 days to the due date, the other still 36 days away
    await rescore();
    const [l, d] = [await priorityOf(large.id), await priorityOf(dueSoon.id)];
    expect(l).toBe(17.14); // 7.14 + age capped at 10
    expect(d).toBe(21.32); // 2.86 + 8.46 (due in 4.6 days) + 10
    const reviewer = await staff(h, { countries: ['LT'], categories: ['data-quality'], availability: 'off' });
    expect((await post(h, '/v1/review/next', reviewer)).body.id).toBe(dueSoon.id);
  });

  it('reorders a queue backlog when a manager changes its priority rule', async () => {
    const big = await waiting({ routeKey: 'data.PL', country: 'PL', amount: '1000000.00', dueDate: '2027-06-01' });
    const urgent = await waiting({ routeKey: 'data.PL', country: 'PL', amount: '100.00', dueDate: '2026-11-27' });
    const other = await waiting({ routeKey: 'data.DE', country: 'DE', amount: '100.00', dueDate: '2026-11-27' });
    expect(await priorityOf(urgent.id)).toBeGreaterThan(await priorityOf(big.id)); // 12.19 against 8.57
    const otherBefore = await priorityOf(other.id);

    triageClock.advance(60_000); // the change is scored at the time it is made
    const rule = { amountWeight: 3, dueDateWeight: 0.5, ageWeight: 0 };
    const res = await h.api.inject({
      method: 'PATCH',
      url: '/v1/queues/data.PL',
      headers: (await admin()).auth,
      payload: { priorityRule: rule },
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).priorityRule).toEqual(rule);
    const now = triageClock.now();
    expect(await priorityOf(big.id)).toBe(
      computePriority(
        { amount: '1000000.00', dueDate: '2027-06-01', enteredAt: new Date(WEDNESDAY_MORNING) },
        rule,
        now,
      ),
    );
    expect(await priorityOf(big.id)).toBeGreaterThan(await priorityOf(urgent.id)); // 25.71 against 8.57 + 4.67
    expect(await priorityOf(other.id)).toBe(otherBefore); // other queues keep their order until the periodic run

    const reviewer = await staff(h, { countries: ['PL'], categories: ['data-quality'], availability: 'off' });
    expect((await post(h, '/v1/review/next', reviewer)).body.id).toBe(big.id);
  });

  it('is idempotent, works batch by batch, skips held items and keeps the breach lead', async () => {
    const items = [];
    for (let i = 0; i < 7; i++) {
      items.push(
        await waiting({
          routeKey: 'data.NL',
          country: 'NL',
          amount: `${(i + 1) * 731}.50`,
          dueDate: `2026-12-${String(10 + i).padStart(2, '0')}`,
        }),
      );
      triageClock.advance(DAY / 3);
    }
    const reviewer = await staff(h, { countries: ['NL'], categories: ['data-quality'], availability: 'off' });
    const held = (await post(h, `/v1/exceptions/${items[6].id}/claim`, reviewer)).body;
    expect(held.assigneeId).toBe(reviewer.id);
    const heldPriority = await priorityOf(items[6].id);

    // Two business days later the SLA of the oldest items has run out: the breach escalation adds the lead.
    triageClock.set('2026-11-27T15:00:00Z');
    expect(await h.worker.get(SlaTimerService).fireDue()).toBeGreaterThan(0);
    const breached = await exceptionRow(h, items[0].id);
    expect(breached.sla_breached_at).not.toBeNull();

    const snapshot = async () =>
      h.ds.query(`SELECT id, priority::text FROM exceptions WHERE queue_key = 'data.NL' ORDER BY id`);
    const first = await rescoreWaiting(h.ds, triageClock.now(), { batchSize: 2 });
    expect(first.batches).toBeGreaterThanOrEqual(4); // 6 waiting items of this queue (and others) in batches of 2
    const once = await snapshot();
    const again = await rescoreWaiting(h.ds, triageClock.now(), { batchSize: 1000 });
    expect(again.changed).toBe(0);
    expect(await snapshot()).toEqual(once);
    // Two runs at once (the periodic job and a rule change) lock in the same order: no deadlock, same result.
    await h.ds.query(`UPDATE exceptions SET priority = 0 WHERE queue_key = 'data.NL' AND assignee_id IS NULL`);
    await Promise.all([
      rescoreWaiting(h.ds, triageClock.now(), { batchSize: 2 }),
      rescoreWaiting(h.ds, triageClock.now(), { batchSize: 3, queueKey: 'data.NL' }),
    ]);
    expect(await snapshot()).toEqual(once);

    const row = await exceptionRow(h, items[0].id);
    const score = computePriority(
      { amount: row.amount, dueDate: '2026-12-10', enteredAt: new Date(row.sla_started_at) },
      { amountWeight: 1, dueDateWeight: 1, ageWeight: 1 },
      triageClock.now(),
    );
    expect(Number(row.priority)).toBe(score + 1000);
    expect(await priorityOf(items[6].id)).toBe(heldPriority); // held by a reviewer: not part of the backlog order
    const order = (
      await h.ds.query(
        `SELECT id FROM exceptions WHERE queue_key = 'data.NL' AND assignee_id IS NULL ORDER BY priority DESC, created_at`,
      )
    ).map((r: any) => r.id);
    const breachedIds = (
      await h.ds.query(
        `SELECT id FROM exceptions WHERE queue_key = 'data.NL' AND sla_breached_at IS NOT NULL AND assignee_id IS NULL`,
      )
    ).map((r: any) => r.id);
    expect(new Set(order.slice(0, breachedIds.length))).toEqual(new Set(breachedIds)); // every breached item still leads
    expect(breachedIds.length).toBeLessThan(order.length);
  });
});
