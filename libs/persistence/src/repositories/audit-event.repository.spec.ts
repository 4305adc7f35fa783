import { randomUUID } from 'node:crypto';
import { openTestDatabase, TestDatabase } from '../testing';
import { recordAudit, recordAudits, SYSTEM } from './audit-event.repository';

describe('audit event repository (PostgreSQL)', () => {
  let db: TestDatabase;
  const eventsOf = (id: string) =>
    db.ds.query(
      `SELECT aggregate_type, action, from_state, to_state, actor_type, actor_id, reason, data, occurred_at
       FROM audit_events WHERE aggregate_id = $1 ORDER BY id`,
      [id],
    );

  beforeAll(async () => {
    db = await openTestDatabase('audit_repo');
  });
  afterAll(() => db?.close());

  it('writes several events in one statement, in the order given, each with every field', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const at = new Date('2026-03-04T05:06:07.089Z');
    await db.ds.transaction((em) =>
      recordAudits(em, [
        { aggregateType: 'invoice', aggregateId: a, action: 'one', actor: SYSTEM, data: { n: 1 } },
        {
          aggregateType: 'exception',
          aggregateId: b,
          action: 'two',
          fromState: 'open',
          toState: 'assigned',
          actor: { type: 'staff', id: 'u-2' },
          reason: 'why',
          at,
        },
        { aggregateType: 'invoice', aggregateId: a, action: 'three', actor: SYSTEM },
      ]),
    );
    expect((await eventsOf(a)).map((e: { action: string; data: unknown }) => [e.action, e.data])).toEqual([
      ['one', { n: 1 }],
      ['three', null],
    ]);
    expect(await eventsOf(b)).toEqual([
      {
        aggregate_type: 'exception',
        action: 'two',
        from_state: 'open',
        to_state: 'assigned',
        actor_type: 'staff',
        actor_id: 'u-2',
        reason: 'why',
        data: null,
        occurred_at: at,
      },
    ]);
  });

  it('writes every field of the event, with the data as JSON and the given time', async () => {
    const id = randomUUID();
    const at = new Date('2026-03-04T05:06:07.089Z');
    await db.ds.transaction((em) =>
      recordAudit(em, {
        aggregateType: 'exception',
        aggregateId: id,
        action: 'resolve',
        fromState: 'assigned',
        toState: 'resolved',
        actor: { type: 'staff', id: 'u-1' },
        reason: 'fixed by hand',
        data: { decision: 'approve', amount: '10.50' },
        at,
      }),
    );
    expect(await eventsOf(id)).toEqual([
      {
        aggregate_type: 'exception',
        action: 'resolve',
        from_state: 'assigned',
        to_state: 'resolved',
        actor_type: 'staff',
        actor_id: 'u-1',
        reason: 'fixed by hand',
        data: { decision: 'approve', amount: '10.50' },
        occurred_at: at,
      },
    ]);
  });

  it("stamps the database's now() when no time is given and leaves absent fields NULL", async () => {
    const id = randomUUID();
    const before = Date.now();
    await db.ds.transaction((em) =>
      recordAudit(em, { aggregateType: 'queue', aggregateId: id, action: 'create', actor: SYSTEM }),
    );
    const [e] = await eventsOf(id);
    expect(e).toMatchObject({ actor_type: 'system', actor_id: 'system', from_state: null, reason: null, data: null });
    expect(e.occurred_at.getTime()).toBeGreaterThan(before - 5_000);
  });

  it('commits and rolls back with the transaction of the change it records', async () => {
    const id = randomUUID();
    await expect(
      db.ds.transaction(async (em) => {
        await recordAudit(em, { aggregateType: 'invoice', aggregateId: id, action: 'retry', actor: SYSTEM });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await eventsOf(id)).toEqual([]);
  });

  it('cannot be rewritten: the trail is append-only', async () => {
    const id = randomUUID();
    await db.ds.transaction((em) =>
      recordAudit(em, { aggregateType: 'invoice', aggregateId: id, action: 'x', actor: SYSTEM }),
    );
    await expect(db.ds.query(`UPDATE audit_events SET action = 'y' WHERE aggregate_id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
  });
});
