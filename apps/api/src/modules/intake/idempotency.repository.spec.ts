import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createIntegration } from '@app/testing';
import { IdempotencyRepository } from './idempotency.repository';

describe('IdempotencyRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  const repo = new IdempotencyRepository();
  let a: string;
  let b: string;

  beforeAll(async () => {
    db = await openTestDatabase('idempotency_repo');
    a = (await createIntegration(db.ds, 'a')).id;
    b = (await createIntegration(db.ds, 'b')).id;
  });
  afterAll(() => db.close());

  it('claims a key once per integration and replays the saved answer', async () => {
    expect(await db.ds.transaction((em) => repo.claim(em, a, 'k1', 'hash-1'))).toBe(true);
    expect(await db.ds.transaction((em) => repo.claim(em, a, 'k1', 'hash-2'))).toBe(false);
    // The same key of another integration is another record.
    expect(await db.ds.transaction((em) => repo.claim(em, b, 'k1', 'hash-9'))).toBe(true);
    await db.ds.transaction((em) => repo.saveAnswer(em, a, 'k1', 202, { id: 'x', status: 'received' }));
    expect(await db.ds.transaction((em) => repo.prior(em, a, 'k1'))).toEqual({
      request_hash: 'hash-1',
      response_status: 202,
      response_body: { id: 'x', status: 'received' },
    });
    expect(await db.ds.transaction((em) => repo.prior(em, b, 'k1'))).toEqual({
      request_hash: 'hash-9',
      response_status: 0,
      response_body: {},
    });
    expect(await db.ds.transaction((em) => repo.prior(em, a, 'unknown'))).toBeNull();
  });

  it('a second claim waits for the open transaction that holds the key, then sees its answer', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let claimedFirst!: () => void;
    const claimed = new Promise<void>((r) => (claimedFirst = r));
    const first = db.ds.transaction(async (em) => {
      await repo.claim(em, a, 'k2', 'h');
      claimedFirst();
      await held;
      await repo.saveAnswer(em, a, 'k2', 202, { first: true });
    });
    await claimed;
    const order: string[] = [];
    const second = db.ds.transaction(async (em) => {
      const won = await repo.claim(em, a, 'k2', 'h');
      order.push('second claimed');
      return { won, prior: await repo.prior(em, a, 'k2') };
    });
    await new Promise((r) => setTimeout(r, 150));
    order.push('first commits');
    release();
    await first;
    const out = await second;
    expect(order).toEqual(['first commits', 'second claimed']);
    expect(out).toEqual({
      won: false,
      prior: { request_hash: 'h', response_status: 202, response_body: { first: true } },
    });
  });
});
