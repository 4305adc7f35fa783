import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { DEFAULT_QUEUE_KEYS, defaultQueueSettings } from '../queues/queue-defaults';
import { ensureDefaultQueues, ensureQueue, findQueue, fourEyesPolicyOf } from './queue.repository';

describe('queue repository (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('triage_queue_repo');
  });
  afterAll(() => db?.close());

  it('creates a queue with its defaults and reads it back', async () => {
    const defaults = defaultQueueSettings('vat.EE');
    await ensureQueue(db.ds, defaults);
    const q = await findQueue(db.ds, 'vat.EE');
    expect(q).toMatchObject({
      key: 'vat.EE',
      name: defaults.name,
      category: defaults.category,
      country: defaults.country,
      sla_minutes: defaults.slaMinutes,
      time_zone: defaults.timeZone,
      required_countries: defaults.requiredCountries,
      calendar: defaults.calendar,
      priority_rule: defaults.priorityRule,
      four_eyes: defaults.fourEyes,
    });
    expect(fourEyesPolicyOf(q!)).toEqual({
      key: 'vat.EE',
      fourEyes: defaults.fourEyes,
      fourEyesAmountThreshold: q!.four_eyes_amount_threshold,
    });
    expect(await findQueue(db.ds, 'vat.ZZ')).toBeNull();
  });

  it("never overwrites an admin's settings", async () => {
    await db.ds.query(`UPDATE review_queues SET sla_minutes = 17 WHERE key = 'vat.EE'`);
    await ensureQueue(db.ds, defaultQueueSettings('vat.EE'));
    expect((await findQueue(db.ds, 'vat.EE'))?.sla_minutes).toBe(17);
  });

  it('seeds every default queue once, however often it runs', async () => {
    expect(await ensureDefaultQueues(db.ds)).toBe(DEFAULT_QUEUE_KEYS.length);
    await ensureDefaultQueues(db.ds);
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM review_queues WHERE key = ANY($1)`, [
      DEFAULT_QUEUE_KEYS,
    ]);
    expect(n).toBe(DEFAULT_QUEUE_KEYS.length);
    expect((await findQueue(db.ds, 'vat.EE'))?.sla_minutes).toBe(17);
  });
});
