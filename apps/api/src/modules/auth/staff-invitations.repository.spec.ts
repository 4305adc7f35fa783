import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createStaffUser } from '@app/testing';
import { StaffInvitationsRepository } from './staff-invitations.repository';

describe('StaffInvitationsRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: StaffInvitationsRepository;

  beforeAll(async () => {
    db = await openTestDatabase('invitationsrepo');
    repo = new StaffInvitationsRepository(db.ds);
  });
  afterAll(() => db?.close());

  const create = (userId: string, tokenHash: string, ttlHours = 24) =>
    db.ds.transaction((em) => repo.create(em, { userId, tokenHash, createdBy: null, ttlHours }));

  it('creates an invitation that expires after its hours and is usable once', async () => {
    const u = await createStaffUser(db.ds, { role: 'manager', name: 'Mia' });
    const before = Date.now();
    const row = await create(u.id, 'hash-1', 48);
    const hours = (new Date(row.expires_at).getTime() - before) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThan(48.1);
    expect(await repo.usable('hash-1')).toEqual({ id: row.id, user_id: u.id, email: u.email, name: 'Mia' });
    expect(await db.ds.transaction((em) => repo.markUsed(em, row.id))).toEqual({ user_id: u.id });
    expect(await db.ds.transaction((em) => repo.markUsed(em, row.id))).toBeNull();
    expect(await repo.usable('hash-1')).toBeNull();
  });

  it('revokes the open invitations of a user only', async () => {
    const u = await createStaffUser(db.ds, { role: 'manager' });
    const other = await createStaffUser(db.ds, { role: 'manager' });
    await create(u.id, 'hash-2');
    await create(other.id, 'hash-3');
    await db.ds.transaction((em) => repo.revokeOpen(em, u.id));
    expect(await repo.usable('hash-2')).toBeNull();
    expect(await repo.usable('hash-3')).toMatchObject({ user_id: other.id });
  });

  it('refuses expired invitations and those of disabled accounts', async () => {
    const u = await createStaffUser(db.ds, { role: 'manager' });
    const expired = await create(u.id, 'hash-4');
    await db.ds.query(`UPDATE staff_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      expired.id,
    ]);
    expect(await repo.usable('hash-4')).toBeNull();
    expect(await db.ds.transaction((em) => repo.markUsed(em, expired.id))).toBeNull();
    const d = await createStaffUser(db.ds, { role: 'manager' });
    await create(d.id, 'hash-5');
    await db.ds.query(`UPDATE staff_users SET disabled_at = now() WHERE id = $1`, [d.id]);
    expect(await repo.usable('hash-5')).toBeNull();
  });
});
