import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createStaffUser, insertException, insertQueue } from '@app/testing';
import { QueuesRepository } from './queues.repository';

const NOW = new Date('2026-11-30T10:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe('QueuesRepository', () => {
  let db: TestDatabase;
  let repo: QueuesRepository;

  beforeAll(async () => {
    db = await openTestDatabase('queues-repo');
    repo = new QueuesRepository(db.ds);
  });
  afterAll(() => db.close());

  it("counts each queue's active items: unassigned, at risk, breached, paused and the oldest", async () => {
    await insertQueue(db.ds, 'vat.EE');
    await insertQueue(db.ds, 'aa.empty');
    const r = await createStaffUser(db.ds);
    const q = { queue_key: 'vat.EE', route_key: 'vat.EE' };
    await insertException(db.ds, { ...q, created_at: minutes(-120) });
    await insertException(db.ds, { ...q, sla_warn_at: minutes(-1), sla_due_at: minutes(30) }); // at risk
    await insertException(db.ds, { ...q, sla_warned_at: minutes(-5), sla_due_at: minutes(30) }); // at risk
    await insertException(db.ds, { ...q, status: 'assigned', assignee_id: r.id, sla_due_at: minutes(-1) }); // breached
    await insertException(db.ds, { ...q, sla_breached_at: minutes(-60), sla_due_at: minutes(-60) }); // breached
    await insertException(db.ds, { ...q, sla_due_at: minutes(-1), sla_paused_at: minutes(-30) }); // paused
    await insertException(db.ds, { ...q, status: 'resolved', created_at: minutes(-999) });

    const rows = await repo.listWithCounts(NOW);
    expect(rows.map((x) => x.key)).toEqual(['aa.empty', 'vat.EE']);
    expect(rows[0]).toMatchObject({ open: 0, unassigned: 0, oldest: null, at_risk: 0, breached: 0, paused: 0 });
    expect(rows[1]).toMatchObject({
      key: 'vat.EE',
      sla_minutes: 1440,
      open: 6,
      unassigned: 5,
      oldest: minutes(-120),
      at_risk: 2,
      breached: 2,
      paused: 1,
    });
  });

  it('locks a queue and stores only the settings given, each in its own form', async () => {
    await insertQueue(db.ds, 'data.FI');
    await db.ds.transaction(async (em) => {
      expect((await repo.lock(em, 'data.FI'))?.key).toBe('data.FI');
      const free = await db.ds.query(`SELECT key FROM review_queues WHERE key = 'data.FI' FOR UPDATE SKIP LOCKED`);
      expect(free).toEqual([]);
      expect(await repo.lock(em, 'no.such')).toBeNull();
    });
    await repo.updateSettings(db.ds, 'data.FI', {
      slaMinutes: 600,
      calendar: { start: '09:00', end: '17:00', days: [1, 2, 3] },
      priorityRule: { ageWeight: 2, amountWeight: 0, dueDateWeight: 1 },
      requiredCountries: ['FI'],
      fourEyesAmountThreshold: '10000.00',
      hourlyCost: '60.50',
      name: undefined,
    });
    const [row] = await db.ds.query(`SELECT * FROM review_queues WHERE key = 'data.FI'`);
    expect(row).toMatchObject({
      name: 'data.FI',
      sla_minutes: 600,
      calendar: { start: '09:00', end: '17:00', days: [1, 2, 3], holidays: [] },
      priority_rule: { ageWeight: 2, amountWeight: 0, dueDateWeight: 1 },
      required_countries: ['FI'],
      four_eyes_amount_threshold: '10000.00',
      hourly_cost: '60.50',
    });
    const before = row.updated_at;
    await repo.updateSettings(db.ds, 'data.FI', {});
    const [same] = await db.ds.query(`SELECT updated_at FROM review_queues WHERE key = 'data.FI'`);
    expect(same.updated_at).toEqual(before);
  });
});
