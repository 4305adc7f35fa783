import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { TriageFixtures } from '../testing/triage-fixtures';
import { findException, isUuid, lockException } from './exception.repository';

describe('exception repository (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: TriageFixtures;
  let id: string;

  beforeAll(async () => {
    db = await openTestDatabase('triage_exception_repo');
    fx = await new TriageFixtures(db.ds).init();
    await fx.queue('vat.FI');
    id = await fx.exception(await fx.invoice(), 'vat.FI', { amount: '120.50', priority: 7 });
  });
  afterAll(() => db?.close());

  it('reads the whole row as PostgreSQL returns it (numerics as strings), and null for an unknown id', async () => {
    const row = await findException(db.ds, id);
    expect(row).toMatchObject({ id, queue_key: 'vat.FI', status: 'open', amount: '120.50', priority: '7', version: 1 });
    expect(await findException(db.ds, '00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('locks the row for the rest of the transaction: a second locker waits until the first commits', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const first = db.ds.transaction(async (em) => {
      expect((await lockException(em, id))?.id).toBe(id);
      locked();
      await held;
      await em.query(`UPDATE exceptions SET priority = 8 WHERE id = $1`, [id]);
      order.push('first committed');
    });
    await isLocked;
    const second = db.ds.transaction(async (em) => {
      const row = await lockException(em, id);
      order.push(`second read priority ${row?.priority}`);
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(order).toEqual([]); // still waiting for the lock
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first committed', 'second read priority 8']);
  });

  it('tells a uuid from anything else', () => {
    expect(isUuid(id)).toBe(true);
    expect(isUuid('vat.FI')).toBe(false);
  });
});
