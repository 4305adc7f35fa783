import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createStaffUser } from '@app/testing';
import { ensureDefaultQueues, findQueue } from '@app/triage';
import { ClosingDaysRepository } from './closing-days.repository';

describe('ClosingDaysRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: ClosingDaysRepository;
  let by: string;

  beforeAll(async () => {
    db = await openTestDatabase('closingdaysrepo');
    repo = new ClosingDaysRepository(db.ds);
    await ensureDefaultQueues(db.ds);
    by = (await createStaffUser(db.ds, { role: 'manager' })).id;
  });
  afterAll(() => db?.close());

  const add = (day: string, country: string | null, queueKey: string | null, reason = 'closed') =>
    db.ds.transaction((em) => repo.insert(em, { day, country, queueKey, reason, createdBy: by }));

  it('adds a closing day once per scope and lists them from a day on, company-wide first', async () => {
    const fi = await add('2030-06-21', 'FI', null, 'Midsummer eve');
    expect(fi).toMatchObject({
      day: '2030-06-21',
      country: 'FI',
      queue_key: null,
      reason: 'Midsummer eve',
      created_by: by,
    });
    expect(await add('2030-06-21', 'FI', null, 'again')).toBeNull();
    const all = await add('2030-06-21', null, null, 'company day');
    const queue = await add('2030-06-21', null, 'vat.FI', 'desk training');
    await add('2030-01-02', null, null, 'before');
    const listed = await repo.list('2030-06-01', new Date('2020-01-01'));
    expect(listed.map((r) => r.id)).toEqual([all!.id, queue!.id, fi!.id]);
    expect((await repo.list(null, new Date('2030-01-01T12:00:00Z'))).map((r) => r.day)).toEqual([
      '2030-01-02',
      '2030-06-21',
      '2030-06-21',
      '2030-06-21',
    ]);
  });

  it('locks and deletes a closing day', async () => {
    const d = await add('2031-12-24', 'EE', null);
    await db.ds.transaction(async (em) => {
      expect(await repo.lock(em, d!.id)).toEqual(d);
      await repo.delete(em, d!.id);
    });
    expect(await db.ds.transaction((em) => repo.lock(em, d!.id))).toBeNull();
  });

  it('finds queues, and locks those of a scope by key', async () => {
    await db.ds.transaction(async (em) => {
      expect(await findQueue(em, 'vat.FI')).not.toBeNull();
      expect(await findQueue(em, 'vat.ZZ')).toBeNull();
      expect((await repo.lockQueues(em, null, 'FI')).map((q) => q.key)).toEqual(['data.FI', 'vat.FI']);
      expect((await repo.lockQueues(em, 'vat.FI', null)).map((q) => q.key)).toEqual(['vat.FI']);
      expect((await repo.lockQueues(em, 'vat.FI', 'EE')).map((q) => q.key)).toEqual([]);
      expect((await repo.lockQueues(em, null, null)).length).toBeGreaterThan(20);
    });
  });
});
