import { Client } from 'pg';
import { waitFor } from '@app/testing';
import { triageClock } from '@app/triage';
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

/** National holidays and company closing days in SLA plans and in who gets work, by the controllable clock. */
describe('holiday calendars (PostgreSQL + Redis, controllable clock)', () => {
  let h: TriageHarness;
  let admin: Awaited<ReturnType<typeof staff>>;
  beforeAll(async () => {
    h = await bootTriage('holiday-calendars');
    admin = await staff(h, { role: 'admin' });
  });
  afterAll(async () => h?.close());

  const planned = (id: string) =>
    waitFor(async () => {
      const r = await exceptionRow(h, id);
      return r.sla_due_at ? r : null;
    }, 20000);
  const iso = (d: Date | string) => new Date(d).toISOString();

  it('plans an Estonian SLA over Christmas Eve, Christmas and the weekend', async () => {
    const patched = await h.api.inject({
      method: 'PATCH',
      url: '/v1/queues/vat.EE',
      headers: admin.auth,
      payload: { slaMinutes: 120, warnAtShare: 0.5, calendar: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(JSON.parse(patched.body).calendar).toMatchObject({ country: 'EE' }); // kept although not sent
    triageClock.set('2026-12-23T14:00:00Z'); // Wednesday 16:00 in Tallinn
    const x = await openException(h, { routeKey: 'vat.EE', category: 'regulatory', country: 'EE' });
    const row = await planned(x.id);
    expect(iso(row.sla_warn_at)).toBe('2026-12-23T15:00:00.000Z'); // 17:00 Wednesday
    expect(iso(row.sla_due_at)).toBe('2026-12-28T07:00:00.000Z'); // Monday 09:00: 24, 25, 26 December closed

    // An admin closes Monday 28 December for Estonia: the running SLA moves to Tuesday, audited.
    const reviewer = await staff(h, { role: 'reviewer' });
    expect((await post(h, '/v1/closing-days', reviewer, { day: '2026-12-28', reason: 'x' })).status).toBe(403);
    expect((await post(h, '/v1/closing-days', admin, { day: '2026-12-01', reason: 'x' })).body.error.code).toBe(
      'CLOSING_DAY_IN_PAST',
    );
    const bad = await post(h, '/v1/closing-days', admin, { day: '28.12.2026', reason: 'x', country: 'SW' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['country', 'day']);
    const added = await post(h, '/v1/closing-days', admin, {
      day: '2026-12-28',
      reason: 'Tallinn office closed between the holidays',
      country: 'EE',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ day: '2026-12-28', country: 'EE', queueKey: null, replanned: 1 });
    expect(
      (await post(h, '/v1/closing-days', admin, { day: '2026-12-28', reason: 'again', country: 'EE' })).body.error.code,
    ).toBe('CLOSING_DAY_EXISTS');
    expect(iso((await exceptionRow(h, x.id)).sla_due_at)).toBe('2026-12-29T07:00:00.000Z');
    const listed = await get(h, '/v1/closing-days?from=2026-12-01', reviewer);
    expect(listed.body.items.map((d: { day: string }) => d.day)).toEqual(['2026-12-28']);

    // Finland's queues are not touched by an Estonian closing day.
    const fi = await openException(h, { routeKey: 'vat.FI', category: 'regulatory', country: 'FI' });
    const fiDue = iso((await planned(fi.id)).sla_due_at);

    const removed = await h.api.inject({
      method: 'DELETE',
      url: `/v1/closing-days/${added.body.id}`,
      headers: admin.auth,
    });
    expect(JSON.parse(removed.body)).toMatchObject({ replanned: 1 });
    expect(iso((await exceptionRow(h, x.id)).sla_due_at)).toBe('2026-12-28T07:00:00.000Z');
    expect(iso((await exceptionRow(h, fi.id)).sla_due_at)).toBe(fiDue);
    const audit = await h.ds.query(
      `SELECT action, actor_id FROM audit_events WHERE (aggregate_id = $1 AND action = 'sla_replanned') OR aggregate_id = $2 ORDER BY id`,
      [x.id, added.body.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'closing_day_added',
      'sla_replanned',
      'closing_day_removed',
      'sla_replanned',
    ]);
    expect(new Set(audit.map((a: { actor_id: string }) => a.actor_id))).toEqual(new Set([admin.id]));
  });

  it('lists a country’s holidays', async () => {
    const res = await get(h, '/v1/holidays?country=FI&year=2026', admin);
    expect(res.body.countries[0].items).toContainEqual({ date: '2026-06-19', name: 'juhannusaatto' });
    expect((await get(h, '/v1/holidays', admin)).body.countries).toHaveLength(10);
    expect((await get(h, '/v1/holidays?country=XX&year=2026', admin)).status).toBe(400);
  });

  it('pushes no work to a reviewer on their own country’s holiday (Juhannusaatto in Finland)', async () => {
    triageClock.set('2026-06-19T07:00:00Z'); // Friday 10:00 in Helsinki and in Tallinn
    const finn = await staff(h, { countries: ['FI'], categories: ['data-quality'] });
    const estonian = await staff(h, { countries: ['FI'], categories: ['data-quality'] });
    await h.ds.query(`UPDATE reviewers SET home_country = 'FI' WHERE id = $1`, [finn.id]);
    await h.ds.query(`UPDATE reviewers SET home_country = 'EE' WHERE id = $1`, [estonian.id]);
    const patched = await h.api.inject({
      method: 'PATCH',
      url: `/v1/reviewers/${estonian.id}`,
      headers: admin.auth,
      payload: { homeCountry: 'EE' },
    });
    expect(JSON.parse(patched.body).homeCountry).toBe('EE');
    const items = [];
    for (let i = 0; i < 3; i++) items.push(await openException(h, { routeKey: 'data.FI', country: 'FI' }));
    await routingDrained(h);
    for (const x of items) expect((await exceptionRow(h, x.id)).assignee_id).toBe(estonian.id);
    // The Finn may still pull work if they choose to work on the holiday.
    const pulled = await post(h, '/v1/review/next', finn);
    expect([200, 204]).toContain(pulled.status);

    // Monday: both are at work, the Finn is pushed work again.
    triageClock.set('2026-06-22T07:00:00Z');
    const monday = await openException(h, { routeKey: 'data.FI', country: 'FI' });
    await routingDrained(h);
    expect((await exceptionRow(h, monday.id)).assignee_id).toBe(finn.id);
  });

  it('a closing day for every queue reads their calendars in one statement, not queries queued on one connection', async () => {
    const [{ queues }] = await h.ds.query(`SELECT count(*)::int AS queues FROM review_queues`);
    expect(queues).toBeGreaterThan(2);
    // node-postgres's own test for a query sent on a client still running one (it warns now, refuses from pg 9).
    const send = Client.prototype.query;
    let queuedBehind = 0;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      if ((this as unknown as { _queryQueue: unknown[] })._queryQueue.length > 0) queuedBehind += 1;
      return (send as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    try {
      const added = await post(h, '/v1/closing-days', admin, { day: '2027-01-04', reason: 'company-wide inventory' });
      expect(added.status).toBe(201);
    } finally {
      spy.mockRestore();
    }
    expect(queuedBehind).toBe(0);
  });
});
