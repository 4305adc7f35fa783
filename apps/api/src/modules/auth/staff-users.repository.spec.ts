import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createIntegration, createStaffUser } from '@app/testing';
import { hashApiKey } from './api-key';
import { StaffUsersRepository } from './staff-users.repository';

describe('StaffUsersRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: StaffUsersRepository;
  const tokenVersion = async (id: string) =>
    (await db.ds.query(`SELECT token_version FROM staff_users WHERE id = $1`, [id]))[0].token_version;

  beforeAll(async () => {
    db = await openTestDatabase('staffusersrepo');
    repo = new StaffUsersRepository(db.ds);
  });
  afterAll(() => db?.close());

  it('reads an account by normalised email for sign-in (with its hash) and by id for sessions (without)', async () => {
    const u = await createStaffUser(db.ds, { email: 'Rita.Reviewer@Example.com', name: 'Rita', role: 'reviewer' });
    const signIn = await repo.forSignIn('rita.reviewer@example.com');
    expect(signIn).toMatchObject({ id: u.id, name: 'Rita', role: 'reviewer', disabled_at: null, token_version: 0 });
    expect(signIn!.password_hash).toMatch(/^\$argon2id\$/);
    const session = await repo.forSession(u.id);
    expect(session).toEqual({
      id: u.id,
      email: 'Rita.Reviewer@Example.com',
      name: 'Rita',
      role: 'reviewer',
      disabled_at: null,
      token_version: 0,
    });
    expect(await repo.forSignIn('nobody@example.com')).toBeNull();
    expect(await repo.forSession('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('revokes tokens, and bumps the version on a change of role or state only', async () => {
    const u = await createStaffUser(db.ds, { role: 'reviewer' });
    await db.ds.transaction((em) => repo.revokeTokens(em, u.id));
    expect(await tokenVersion(u.id)).toBe(1);
    const same = await db.ds.transaction((em) => repo.setAccess(em, u.id, 'reviewer', false));
    expect(same).toMatchObject({ id: u.id, role: 'reviewer', disabled_at: null });
    expect(await tokenVersion(u.id)).toBe(1);
    const disabled = await db.ds.transaction((em) => repo.setAccess(em, u.id, 'manager', true));
    expect(disabled.role).toBe('manager');
    expect(disabled.disabled_at).toBeInstanceOf(Date);
    expect(await tokenVersion(u.id)).toBe(2);
    expect(await db.ds.transaction((em) => repo.lock(em, u.id))).toMatchObject({ id: u.id, role: 'manager' });
  });

  it('sets a password (revoking tokens) and creates, finds and enables an admin', async () => {
    const id = await db.ds.transaction((em) => repo.createAdmin(em, 'first.admin@example.com', 'First'));
    expect(await db.ds.transaction((em) => repo.lockByEmail(em, 'first.admin@example.com'))).toEqual({
      id,
      role: 'admin',
    });
    expect((await repo.forSignIn('first.admin@example.com'))!.password_hash).toBeNull();
    const u = await db.ds.transaction((em) => repo.setPassword(em, id, 'new-hash'));
    expect(u).toEqual({ id, email: 'first.admin@example.com', name: 'First', role: 'admin' });
    expect(await tokenVersion(id)).toBe(1);
    await db.ds.query(`UPDATE staff_users SET disabled_at = now() WHERE id = $1`, [id]);
    await db.ds.transaction((em) => repo.enable(em, id));
    expect((await repo.forSession(id))!.disabled_at).toBeNull();
  });

  it("lists the demo seed's credentials that are still usable", async () => {
    expect(await repo.activeDemoCredentials(hashApiKey('itk_local_demo_key'))).toEqual([]);
    const demo = await createIntegration(db.ds, 'Old demo');
    await createStaffUser(db.ds, { email: 'manager@example.com', role: 'manager' });
    const gone = await createStaffUser(db.ds, { email: 'admin@example.com', role: 'admin' });
    await db.ds.query(`UPDATE staff_users SET disabled_at = now() WHERE id = $1`, [gone.id]);
    expect(await repo.activeDemoCredentials(hashApiKey(demo.apiKey))).toEqual([
      { what: 'integration Old demo' },
      { what: 'staff user manager@example.com' },
    ]);
  });
});
