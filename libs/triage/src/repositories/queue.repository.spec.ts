import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { DEFAULT_QUEUE_KEYS, defaultQueueSettings } from '../queues/queue-defaults';
import { ensureDefaultQueues, ensureQueue, ensureQueues, findQueue, fourEyesPolicyOf } from './queue.repository';

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

  it('creates several queues in one call: the first of two with the same key, none over an existing one', async () => {
    await ensureQueues(db.ds, [
      defaultQueueSettings('data.LV', 'data-quality'),
      defaultQueueSettings('supplier.block-x', 'supplier'),
      defaultQueueSettings('data.LV', 'regulatory'),
      defaultQueueSettings('vat.EE'),
    ]);
    expect(await findQueue(db.ds, 'data.LV')).toMatchObject({
      category: 'data-quality',
      required_categories: ['data-quality'],
      country: 'LV',
      warn_at_share: '0.75',
      four_eyes_amount_threshold: '50000.00',
      claim_timeout_minutes: 30,
    });
    expect(await findQueue(db.ds, 'supplier.block-x')).toMatchObject({ category: 'supplier', route_by_country: true });
    expect((await findQueue(db.ds, 'vat.EE'))?.sla_minutes).toBe(17);
    await ensureQueues(db.ds, []);
  });
});
