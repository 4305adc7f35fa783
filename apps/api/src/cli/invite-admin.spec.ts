import { DataSource } from 'typeorm';
import { validateEnvironment } from '@app/config';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { InvitationsService } from '../modules/auth/invitations.service';
import { StaffInvitationsRepository } from '../modules/auth/staff-invitations.repository';
import { StaffUsersRepository } from '../modules/auth/staff-users.repository';
import { inviteAdmin } from './invite-admin';

describe('invite-admin (the first admin of an installation)', () => {
  let env: TestEnvironment;
  let ds: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('inviteadmin');
    ds = new DataSource(typeOrmOptions({ url: env.databaseUrl, schema: env.schema, poolSize: 2 }));
    await ds.initialize();
    await runMigrations(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await env?.cleanup();
  });

  it('creates an admin without a password and a link with which they set their own', async () => {
    const cfg = validateEnvironment(process.env);
    const inv = await inviteAdmin(ds, cfg, ' First.Admin@Example.com ', 'First Admin');
    expect(inv).toMatchObject({ created: true, url: expect.stringMatching(/^\/login#invitation=/) });
    const [u] = await ds.query(`SELECT email, role, password_hash FROM staff_users WHERE id = $1`, [inv.userId]);
    expect(u).toEqual({ email: 'first.admin@example.com', role: 'admin', password_hash: null });
    const invitations = new InvitationsService(
      ds,
      cfg,
      new StaffInvitationsRepository(ds),
      new StaffUsersRepository(ds),
    );
    const res = await invitations.accept(inv.token, 'a long admin passphrase of mine');
    expect(res.user).toMatchObject({ role: 'admin' });
    // Again for the same admin: a fresh link (the way back in), still no password from anybody else.
    const again = await inviteAdmin(ds, cfg, 'first.admin@example.com', 'First Admin');
    expect(again.created).toBe(false);
  });

  it('never turns another account into an admin', async () => {
    const r = await createStaffUser(ds, { role: 'reviewer' });
    await expect(inviteAdmin(ds, validateEnvironment(process.env), r.email, 'x')).rejects.toThrow(/role reviewer/);
  });
});
