import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { ensureDefaultQueues } from '@app/triage';
import { QueueFourEyesRepository } from './queue-four-eyes.repository';

describe('QueueFourEyesRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  const repo = new QueueFourEyesRepository();
  const settings = async (key: string) =>
    (
      await db.ds.query(`SELECT four_eyes, four_eyes_amount_threshold::text AS t FROM review_queues WHERE key = $1`, [
        key,
      ])
    )[0];

  beforeAll(async () => {
    db = await openTestDatabase('foureyesrepo');
    await ensureDefaultQueues(db.ds);
    await db.ds.query(
      `UPDATE review_queues SET four_eyes = true, four_eyes_amount_threshold = 10000.50 WHERE key = 'vat.FI'`,
    );
  });
  afterAll(() => db?.close());

  it('locks a queue and reads its four-eyes settings (threshold exact); null for an unknown queue', async () => {
    await db.ds.transaction(async (em) => {
      expect(await repo.lock(em, 'vat.FI')).toEqual({ four_eyes: true, four_eyes_amount_threshold: '10000.50' });
      expect(await repo.lock(em, 'no.such.queue')).toBeNull();
    });
  });

  it('changes only the settings a change names, of that queue only; a null threshold clears it', async () => {
    const other = await settings('vat.EE');
    await db.ds.transaction((em) => repo.set(em, 'vat.FI', { fourEyesAmountThreshold: '25000.00' }));
    expect(await settings('vat.FI')).toEqual({ four_eyes: true, t: '25000.00' });
    await db.ds.transaction((em) => repo.set(em, 'vat.FI', { fourEyes: false }));
    expect(await settings('vat.FI')).toEqual({ four_eyes: false, t: '25000.00' });
    await db.ds.transaction((em) => repo.set(em, 'vat.FI', { fourEyesAmountThreshold: null }));
    expect(await settings('vat.FI')).toEqual({ four_eyes: false, t: null });
    expect(await settings('vat.EE')).toEqual(other);
  });
});
