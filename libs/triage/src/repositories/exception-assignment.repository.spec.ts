import { lockWaiters, openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { waitFor } from '@app/testing';
import { TriageFixtures } from '../testing/triage-fixtures';
import type { EntityManager } from 'typeorm';
import { assignToBestReviewer, withPushCandidates } from './exception-assignment.repository';
import { handOverHeldItems, returnHandedOverItems } from './substitute-handover.repository';

/** The push check for these items, run under EXPLAIN (ANALYZE, BUFFERS) first: what fits, and the buffers it touched. */
async function pushCheckBuffers(
  db: TestDatabase,
  ids: string[],
  now: Date,
): Promise<{ fits: Set<string>; buffers: number }> {
  let buffers = -1;
  const explaining = {
    query: async (sql: string, params: unknown[]) => {
      const [{ 'QUERY PLAN': plan }] = await db.ds.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
      buffers = plan[0].Plan['Shared Hit Blocks'] + plan[0].Plan['Shared Read Blocks'];
      return db.ds.query(sql, params);
    },
  } as unknown as EntityManager;
  const fits = await withPushCandidates(
    explaining,
    ids.map((exceptionId) => ({ exceptionId })),
    now,
  );
  return { fits, buffers };
}

/** Who gets pushed work: the router's pick and the substitutes of an absent reviewer. */
describe('assignment and handover repositories (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: TriageFixtures;
  let invoice: string;
  const now = new Date('2026-11-25T09:00:00Z');
  const manager = { type: 'staff' as const, id: 'manager' };

  beforeAll(async () => {
    db = await openTestDatabase('triage_assignment_repo');
    fx = await new TriageFixtures(db.ds).init();
    await fx.queue('vat.FI', { requiredCountries: ['FI'] });
    invoice = await fx.invoice();
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.ds.query(`UPDATE reviewers SET availability = 'off'`); // each test brings its own team
  });

  const push = (id: string, exclude?: string) => db.ds.transaction((em) => assignToBestReviewer(em, id, now, exclude));

  it('pushes to the eligible reviewer holding the fewest items, never to one without the skills or capacity', async () => {
    const busy = await fx.reviewer({ name: 'busy' });
    const free = await fx.reviewer({ name: 'free' });
    const full = await fx.reviewer({ name: 'full', capacity: 0 });
    await fx.reviewer({ name: 'estonian', countries: ['EE'] });
    await fx.reviewer({ name: 'away', availability: 'away' });
    await fx.exception(invoice, 'vat.FI', { assigneeId: busy });
    void full;

    const first = await push(await fx.exception(invoice, 'vat.FI'));
    expect(first).toMatchObject({ status: 'assigned', assignee_id: free });
    expect(await fx.auditActions(first!.id)).toEqual(['assigned']);
    // Now both hold one: the one assigned longest ago (busy, never) comes first.
    const second = await push(await fx.exception(invoice, 'vat.FI'));
    expect(second?.assignee_id).toBe(busy);
    // Excluded (e.g. the reviewer who just released it): the other one.
    const third = await push(await fx.exception(invoice, 'vat.FI'), free);
    expect(third?.assignee_id).toBe(busy);
  });

  it("lets go of a candidate found full before locking the next, so a push holds one reviewer's row at a time", async () => {
    // Two pushes that each held a full candidate while waiting for the other's next one were a lock cycle
    // (PostgreSQL aborted one; a claim or decision queued on those rows could be the one it picked).
    const best = await fx.reviewer({ name: 'best, about to be full', capacity: 1 });
    const next = await fx.reviewer({ name: 'next best', capacity: 1 });
    await db.ds.query(`UPDATE reviewers SET last_assigned_at = now() WHERE id = $1`, [next]);
    const pushed = await fx.exception(invoice, 'vat.FI');
    const taken = await fx.exception(invoice, 'vat.FI');
    // Another transaction holds the best reviewer's row and gives them their last free place.
    const other = db.ds.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      await other.query(`SELECT id FROM reviewers WHERE id = $1 FOR UPDATE`, [best]);
      await other.query(`UPDATE exceptions SET status = 'assigned', assignee_id = $2 WHERE id = $1`, [taken, best]);
      const pushing = db.ds.transaction(async (em) => {
        const row = await assignToBestReviewer(em, pushed, now);
        // Still inside the push's transaction: is the full candidate's row free for others?
        const free = await db.ds
          .query(`SELECT id FROM reviewers WHERE id = $1 FOR UPDATE NOWAIT`, [best])
          .then(() => true)
          .catch(() => false);
        return { row, free };
      });
      // The push chose the best (their place looked free), and waits for their row.
      await waitFor(async () => (await lockWaiters(db.ds, { query: 'WITH load AS MATERIALIZED%' })) > 0, 10_000, 20);
      await other.commitTransaction();
      const { row, free } = await pushing;
      expect(row?.assignee_id).toBe(next);
      expect(free).toBe(true);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });

  it('leaves the item waiting when nobody fits, and leaves an item already held alone', async () => {
    const waiting = await fx.exception(invoice, 'vat.FI');
    expect(await push(waiting)).toBeNull();
    const [row] = await db.ds.query(`SELECT status, assignee_id FROM exceptions WHERE id = $1`, [waiting]);
    expect(row).toEqual({ status: 'open', assignee_id: null });

    const r = await fx.reviewer();
    const held = await fx.exception(invoice, 'vat.FI', { assigneeId: await fx.reviewer({ availability: 'off' }) });
    expect(await push(held)).toBeNull();
    expect(await push(waiting)).toMatchObject({ assignee_id: r });
  });

  it("hands an absent reviewer's items to their named substitute, and back when they return", async () => {
    const away = await fx.reviewer({ name: 'away-soon' });
    const named = await fx.reviewer({ name: 'named' });
    await fx.reviewer({ name: 'other' });
    await db.ds.query(`UPDATE reviewers SET substitute_id = $2 WHERE id = $1`, [away, named]);
    const items = [
      await fx.exception(invoice, 'vat.FI', { assigneeId: away, priority: 5 }),
      await fx.exception(invoice, 'vat.FI', { assigneeId: away, priority: 9 }),
    ];
    const out = await db.ds.transaction((em) => handOverHeldItems(em, away, now, manager));
    expect(out).toEqual([
      { exceptionId: items[1], to: named },
      { exceptionId: items[0], to: named },
    ]); // highest priority first
    expect(await fx.auditActions(items[0])).toEqual(['handed_over']);
    const [{ open }] = await db.ds.query(
      `SELECT count(*)::int AS open FROM reviewer_handovers WHERE from_reviewer = $1 AND returned_at IS NULL`,
      [away],
    );
    expect(open).toBe(2);

    const back = await db.ds.transaction((em) =>
      returnHandedOverItems(em, away, new Date(now.getTime() + 60_000), manager),
    );
    expect(back.sort()).toEqual([...items].sort());
    const holders = await db.ds.query(`SELECT DISTINCT assignee_id FROM exceptions WHERE id = ANY($1)`, [items]);
    expect(holders).toEqual([{ assignee_id: away }]);
    expect(await fx.auditActions(items[0])).toEqual(['handed_over', 'handed_back']);
    const [{ still }] = await db.ds.query(
      `SELECT count(*)::int AS still FROM reviewer_handovers WHERE from_reviewer = $1 AND returned_at IS NULL`,
      [away],
    );
    expect(still).toBe(0);
  });

  it('puts the items back in the queue when no substitute is eligible', async () => {
    const alone = await fx.reviewer({ name: 'alone' });
    const id = await fx.exception(invoice, 'vat.FI', { assigneeId: alone });
    await db.ds.query(`UPDATE reviewers SET availability = 'off' WHERE id <> $1`, [alone]);
    const out = await db.ds.transaction((em) => handOverHeldItems(em, alone, now, manager));
    expect(out).toEqual([{ exceptionId: id, to: null }]);
    const [row] = await db.ds.query(`SELECT status, assignee_id FROM exceptions WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'open', assignee_id: null });
  });

  it("routing's push check for a group reads the group's items, not every reviewer × queue pair's items", async () => {
    // 200 reviewers online and 8,000 open items in the queue, as on a month-end morning.
    for (let i = 0; i < 200; i++) await fx.reviewer({ name: `team-${i}`, capacity: 100 });
    await db.ds.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, status, priority)
       SELECT $1, 'bulk#' || g, 'vat.FI', 'regulatory', 'open', g % 30 FROM generate_series(1, 8000) g`,
      [invoice],
    );
    await db.ds.query('ANALYZE');
    const group: string[] = (
      await db.ds.query(`SELECT id FROM exceptions WHERE route_key LIKE 'bulk#%' ORDER BY random() LIMIT 50`)
    ).map((r: { id: string }) => r.id);
    const { fits, buffers } = await pushCheckBuffers(db, group, now);
    expect(fits.size).toBe(50); // anyone of the team may take any of them
    // Reading the group's 50 items, their queue and the team: a few hundred buffers. The statement that joined
    // reviewers × queues first read the queue's items once per reviewer (tens of thousands).
    expect(buffers).toBeGreaterThan(0);
    expect(buffers).toBeLessThan(3000);
  });
});

/** A database as intake's first minutes leave it: exceptions analyzed while empty, then thousands opened. */
describe("routing's push check on statistics older than the backlog (PostgreSQL)", () => {
  let db: TestDatabase;
  let fx: TriageFixtures;
  let invoice: string;
  const now = new Date('2026-11-25T09:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase('triage_push_stale_statistics');
    fx = await new TriageFixtures(db.ds).init();
    await fx.queue('vat.FI', { requiredCountries: ['FI'] });
    invoice = await fx.invoice();
  });
  afterAll(() => db?.close());

  it("routing's push check reads the group's items by key even when the statistics predate them", async () => {
    // Intake's first minutes: exceptions analyzed while (nearly) empty, then thousands opened before the next ANALYZE.
    await db.ds.query('ANALYZE exceptions');
    await db.ds.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, status, priority)
       SELECT $1, 'stale#' || g, 'vat.FI', 'regulatory', 'open', g % 30 FROM generate_series(1, 20000) g`,
      [invoice],
    );
    const group: string[] = (
      await db.ds.query(`SELECT id FROM exceptions WHERE route_key LIKE 'stale#%' ORDER BY random() LIMIT 16`)
    ).map((r: { id: string }) => r.id);
    const { buffers } = await pushCheckBuffers(db, group, now);
    // By key: 16 items, their queue; reading the backlog through the claim index was 11,000 buffers.
    expect(buffers).toBeLessThan(1000);
  });
});
