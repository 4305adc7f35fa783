import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { computePriority } from '../priority/priority';
import { ALWAYS, TriageFixtures } from '../testing/triage-fixtures';
import { rescoreWaiting } from './exception-priority.repository';
import { planRouting } from './exception-routing.repository';
import { findQueue } from './queue.repository';
import { replanQueueSla } from './queue-sla.repository';

/** Where an item's SLA and priority come from: first routing, calendar changes and the periodic re-score. */
describe('routing, SLA re-planning and re-scoring repositories (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: TriageFixtures;
  let manager: string;
  const wednesday = new Date('2026-11-25T09:00:00Z');
  const minutes = (m: number, from = wednesday) => new Date(from.getTime() + m * 60_000);

  beforeAll(async () => {
    db = await openTestDatabase('triage_routing_repo');
    fx = await new TriageFixtures(db.ds).init();
    manager = await fx.reviewer();
    await fx.queue('vat.FI', { slaMinutes: 60, calendar: ALWAYS });
    await fx.queue('vat.EE', {
      slaMinutes: 600,
      calendar: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00', holidays: [] },
    });
  });
  afterAll(() => db?.close());

  it("plans a new item's SLA in the queue's hours and its priority, once", async () => {
    const invoice = await fx.invoice({ dueDate: '2026-12-01' });
    const id = await fx.exception(invoice, 'vat.FI', { amount: '5000.00' });
    const routed = await db.ds.transaction((em) => planRouting(em, id, wednesday));
    const queue = (await findQueue(db.ds, 'vat.FI'))!;
    expect(routed).toMatchObject({ sla_started_at: wednesday, sla_warn_at: minutes(45), sla_due_at: minutes(60) });
    const expected = computePriority(
      { amount: '5000.00', dueDate: '2026-12-01', enteredAt: wednesday },
      queue.priority_rule,
      wednesday,
    );
    expect(Number(routed!.priority)).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    expect(await fx.auditActions(id)).toEqual(['routed']);

    const again = await db.ds.transaction((em) => planRouting(em, id, minutes(30)));
    expect(again?.sla_due_at).toEqual(minutes(60));
    expect(await fx.auditActions(id)).toEqual(['routed']);
  });

  it("plans an item a reviewer's fill claimed before its route job ran (held, no SLA yet)", async () => {
    const invoice = await fx.invoice({ dueDate: '2026-12-01' });
    const id = await fx.exception(invoice, 'vat.FI', { amount: '5000.00', assigneeId: manager });
    const routed = await db.ds.transaction((em) => planRouting(em, id, wednesday));
    expect(routed).toMatchObject({ status: 'assigned', sla_started_at: wednesday, sla_due_at: minutes(60) });
    expect(await fx.auditActions(id)).toEqual(['routed']);
  });

  it('keeps the business minutes left when a closing day is added: a running SLA moves, a breached one does not', async () => {
    const invoice = await fx.invoice();
    // Wednesday 09:00 + 600 business minutes = Thursday 10:00.
    const running = await fx.exception(invoice, 'vat.EE', {
      slaStartedAt: wednesday,
      slaDueAt: new Date('2026-11-26T10:00:00Z'),
    });
    const breached = await fx.exception(invoice, 'vat.EE', { slaStartedAt: wednesday, slaDueAt: minutes(-5) });
    const queue = (await findQueue(db.ds, 'vat.EE'))!;
    const before = queue.calendar;
    await db.ds.query(
      `INSERT INTO closing_days (day, queue_key, reason, created_by) VALUES ('2026-11-26', 'vat.EE', 'office move', $1)`,
      [manager],
    );
    const moved = await db.ds.transaction((em) =>
      replanQueueSla(em, queue, before, wednesday, { type: 'staff', id: manager }, 'closing day added'),
    );
    expect(moved).toEqual([{ id: running, version: 2 }]);
    const [row] = await db.ds.query(`SELECT sla_due_at FROM exceptions WHERE id = $1`, [running]);
    expect(row.sla_due_at).toEqual(new Date('2026-11-27T10:00:00Z')); // Thursday closed: Friday 10:00
    expect(await fx.auditActions(running)).toEqual(['sla_replanned']);
    expect(await fx.auditActions(breached)).toEqual([]);
  });

  it('re-scores the routed items waiting in queues, batch by batch, and only writes scores that moved', async () => {
    await db.ds.query(`UPDATE exceptions SET status = 'superseded'`);
    const invoice = await fx.invoice({ dueDate: '2026-11-27' });
    const waiting = [
      await fx.exception(invoice, 'vat.FI', { slaStartedAt: minutes(-600), amount: '100.00' }),
      await fx.exception(invoice, 'vat.FI', { slaStartedAt: minutes(-60), amount: '90000.00' }),
    ];
    const held = await fx.exception(invoice, 'vat.FI', { slaStartedAt: minutes(-60), assigneeId: manager });
    const unrouted = await fx.exception(invoice, 'vat.FI');

    const first = await rescoreWaiting(db.ds, wednesday, { batchSize: 1 });
    expect(first).toEqual({ scanned: 2, changed: 2, batches: 3 });
    const rule = (await findQueue(db.ds, 'vat.FI'))!.priority_rule;
    const scores = await db.ds.query(`SELECT id, priority FROM exceptions WHERE id = ANY($1)`, [
      [...waiting, held, unrouted],
    ]);
    const of = (id: string) => Number(scores.find((s: { id: string }) => s.id === id).priority);
    expect(of(waiting[0])).toBe(
      computePriority({ amount: '100.00', dueDate: '2026-11-27', enteredAt: minutes(-600) }, rule, wednesday),
    );
    expect(of(waiting[1])).toBe(
      computePriority({ amount: '90000.00', dueDate: '2026-11-27', enteredAt: minutes(-60) }, rule, wednesday),
    );
    expect(of(held)).toBe(0);
    expect(of(unrouted)).toBe(0);

    expect(await rescoreWaiting(db.ds, wednesday)).toEqual({ scanned: 2, changed: 0, batches: 2 });
  });

  it('orders a surging queue by time to breach, above every ordinary score', async () => {
    await db.ds.query(`UPDATE review_queues SET surge_since = $1 WHERE key = 'vat.FI'`, [wednesday]);
    const invoice = await fx.invoice();
    const soon = await fx.exception(invoice, 'vat.FI', { slaStartedAt: minutes(-60), slaDueAt: minutes(30) });
    const later = await fx.exception(invoice, 'vat.FI', { slaStartedAt: minutes(-60), slaDueAt: minutes(600) });
    await rescoreWaiting(db.ds, wednesday, { queueKey: 'vat.FI' });
    const [a] = await db.ds.query(`SELECT priority FROM exceptions WHERE id = $1`, [soon]);
    const [b] = await db.ds.query(`SELECT priority FROM exceptions WHERE id = $1`, [later]);
    expect(Number(a.priority)).toBeGreaterThan(Number(b.priority));
    expect(Number(b.priority)).toBeGreaterThanOrEqual(500);
    expect(Number(a.priority)).toBeLessThanOrEqual(900);
  });
});
