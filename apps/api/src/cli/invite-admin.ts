import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { EnvironmentVariables, validateEnvironment } from '@app/config';
import { recordAudit, runMigrations, typeOrmOptions } from '@app/persistence';
import { Invitation, InvitationsService } from '../modules/auth/invitations.service';
import { StaffInvitationsRepository } from '../modules/auth/staff-invitations.repository';
import { StaffUsersRepository } from '../modules/auth/staff-users.repository';

/**
 * The first admin of an installation (and the way back in when every admin is locked out): creates an
 * admin account without a password, or re-invites an existing admin, and prints a one-time link with
 * which that person sets their own password. Works in production; it never sets or prints a password.
 */
export async function inviteAdmin(
  ds: DataSource,
  cfg: EnvironmentVariables,
  email: string,
  name: string,
): Promise<Invitation & { userId: string; created: boolean }> {
  const normalised = email.normalize('NFKC').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalised)) throw new Error(`not an email address: ${email}`);
  const users = new StaffUsersRepository(ds);
  const invitations = new InvitationsService(ds, cfg, new StaffInvitationsRepository(ds), users);
  return ds.transaction(async (em) => {
    const existing = await users.lockByEmail(em, normalised);
    if (existing && existing.role !== 'admin')
      throw new Error(`${normalised} exists with the role ${existing.role}; an admin changes roles in the API`);
    let userId: string;
    if (!existing) {
      userId = await users.createAdmin(em, normalised, name);
      await recordAudit(em, {
        aggregateType: 'staff_user',
        aggregateId: userId,
        action: 'created',
        actor: { type: 'system', id: 'cli' },
        data: { email: normalised, role: 'admin' },
      });
    } else {
      userId = existing.id;
      await users.enable(em, userId);
    }
    const invitation = await invitations.issue(em, userId, null);
    return { ...invitation, userId, created: !existing };
  });
}

async function main() {
  const [email, ...nameParts] = process.argv.slice(2);
  if (!email) throw new Error('usage: invite-admin <email> [name]   (prints a one-time link to set the password)');
  const cfg = validateEnvironment(process.env);
  const ds = new DataSource(typeOrmOptions({ url: cfg.DATABASE_URL, schema: cfg.DATABASE_SCHEMA, poolSize: 2 }));
  await ds.initialize();
  try {
    await runMigrations(ds);
    const inv = await inviteAdmin(ds, cfg, email, nameParts.join(' ') || email.split('@')[0]);
    console.log(
      `${inv.created ? 'Created' : 'Re-invited'} admin ${email}. Send them this one-time link (valid until ${inv.expiresAt}):`,
    );
    console.log(`  <your API origin>${inv.url}`);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`invite-admin failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
