import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { IntegrationsRepository } from './integrations.repository';

describe('IntegrationsRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: IntegrationsRepository;

  beforeAll(async () => {
    db = await openTestDatabase('integrations_repo');
    repo = new IntegrationsRepository(db.ds);
  });
  afterAll(() => db.close());

  const keyHashOf = async (id: string) =>
    (await db.ds.query(`SELECT key_hash FROM integrations WHERE id = $1`, [id]))[0]?.key_hash;

  it('creates an integration with the key hash and lists every one oldest first', async () => {
    const a = await db.ds.transaction((em) => repo.create(em, { name: 'ERP A', keyPrefix: 'pa', keyHash: 'ha' }));
    const b = await db.ds.transaction((em) => repo.create(em, { name: 'ERP B', keyPrefix: 'pb', keyHash: 'hb' }));
    expect(a).toEqual({ id: expect.any(String), name: 'ERP A', created_at: expect.any(Date) });
    expect(await keyHashOf(a.id)).toBe('ha');
    const listed = (await repo.list()).filter((r) => [a.id, b.id].includes(r.id));
    expect(listed.map((r) => [r.name, r.key_prefix, r.disabled_at])).toEqual([
      ['ERP A', 'pa', null],
      ['ERP B', 'pb', null],
    ]);
  });

  it('replaces the key of a locked integration; unknown ids give null', async () => {
    const a = await db.ds.transaction((em) => repo.create(em, { name: 'Rotating', keyPrefix: 'old', keyHash: 'h1' }));
    const out = await db.ds.transaction(async (em) => {
      const before = await repo.lockKeyPrefix(em, a.id);
      const row = await repo.replaceKey(em, a.id, { keyPrefix: 'new', keyHash: 'h2' });
      return { before, row };
    });
    expect(out.before).toBe('old');
    expect(out.row).toEqual({ id: a.id, name: 'Rotating', created_at: a.created_at, disabled_at: null });
    expect(await keyHashOf(a.id)).toBe('h2');
    const unknown = '00000000-0000-4000-8000-000000000000';
    await db.ds.transaction(async (em) => {
      expect(await repo.lockKeyPrefix(em, unknown)).toBeNull();
      expect(await repo.replaceKey(em, unknown, { keyPrefix: 'x', keyHash: 'y' })).toBeNull();
    });
  });

  it('disables once: a second disable keeps the first instant', async () => {
    const a = await db.ds.transaction((em) => repo.create(em, { name: 'Leaving', keyPrefix: 'pl', keyHash: 'hl' }));
    const first = await db.ds.transaction((em) => repo.disable(em, a.id));
    expect(first).toMatchObject({ id: a.id, key_prefix: 'pl', disabled_at: expect.any(Date) });
    await new Promise((r) => setTimeout(r, 20));
    const second = await db.ds.transaction((em) => repo.disable(em, a.id));
    expect(second!.disabled_at).toEqual(first!.disabled_at);
    expect(await db.ds.transaction((em) => repo.disable(em, '00000000-0000-4000-8000-000000000000'))).toBeNull();
  });
});
