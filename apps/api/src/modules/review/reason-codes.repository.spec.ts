import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { ReasonCodesRepository } from './reason-codes.repository';

describe('ReasonCodesRepository', () => {
  let db: TestDatabase;
  let repo: ReasonCodesRepository;
  const code = (c: string, over: Partial<Parameters<ReasonCodesRepository['upsert']>[1]> = {}) => ({
    code: c,
    label: `label ${c}`,
    decisions: ['approve'],
    active: true,
    sort: 0,
    invoice_response_reason: null,
    invoice_response_action: null,
    ...over,
  });

  beforeAll(async () => {
    db = await openTestDatabase('reason-codes-repo');
    repo = new ReasonCodesRepository(db.ds);
    await db.ds.query(`DELETE FROM decision_reason_codes`);
  });
  afterAll(() => db.close());

  it('inserts, then updates in place, and lists active codes by sort then code (inactive only with all)', async () => {
    await db.ds.transaction(async (em) => {
      expect(await repo.lock(em, 'zz-late')).toBeNull();
      await repo.upsert(em, code('zz-late', { sort: 1 }));
      await repo.upsert(em, code('bb-first', { sort: 1 }));
      await repo.upsert(em, code('aa-off', { active: false }));
      await repo.upsert(
        em,
        code('yy-zero', { sort: 0, invoice_response_reason: 'REF', invoice_response_action: 'NIN' }),
      );
    });
    const updated = await repo.upsert(
      db.ds.manager,
      code('zz-late', { label: 'changed', decisions: ['reject'], sort: 1 }),
    );
    expect(updated).toMatchObject({ code: 'zz-late', label: 'changed', decisions: ['reject'], active: true, sort: 1 });
    expect((await repo.list(false)).map((r) => r.code)).toEqual(['yy-zero', 'bb-first', 'zz-late']);
    expect((await repo.list(true)).map((r) => r.code)).toEqual(['aa-off', 'yy-zero', 'bb-first', 'zz-late']);
    expect((await repo.list(false))[0]).toMatchObject({
      invoice_response_reason: 'REF',
      invoice_response_action: 'NIN',
    });
  });

  it('finds only active codes with their decisions, and locks an existing one', async () => {
    expect(await repo.active(db.ds, 'zz-late')).toEqual({ code: 'zz-late', decisions: ['reject'] });
    expect(await repo.active(db.ds, 'aa-off')).toBeNull();
    expect(await repo.active(db.ds, 'missing')).toBeNull();
    await db.ds.transaction(async (em) => {
      expect((await repo.lock(em, 'bb-first'))?.label).toBe('label bb-first');
      const free = await db.ds.query(
        `SELECT code FROM decision_reason_codes WHERE code = 'bb-first' FOR UPDATE SKIP LOCKED`,
      );
      expect(free).toEqual([]);
    });
  });

  it('derives a stable audit id per code', async () => {
    const a = await repo.aggregateId(db.ds, 'zz-late');
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(await repo.aggregateId(db.ds, 'zz-late')).toBe(a);
    expect(await repo.aggregateId(db.ds, 'bb-first')).not.toBe(a);
  });
});
