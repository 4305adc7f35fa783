import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts and sign-in:
 * - `token_version` is carried in every staff token and compared on every request; logout, disabling,
 *   a role change or a new password bump it, which revokes every token issued before.
 * - `password_hash` may be empty: an invited person has no password until they set their own.
 * - `staff_invitations` keeps only the SHA-256 of the one-time token (32 random bytes) and its expiry.
 * - `login_attempts` audits every sign-in (success and failure, known or unknown email) and is what the
 *   per-email lockout and per-address limits count.
 */
export class StaffSessionsAndInvitations1764300000000 implements MigrationInterface {
  name = 'StaffSessionsAndInvitations1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_users ADD COLUMN token_version int NOT NULL DEFAULT 0, ALTER COLUMN password_hash DROP NOT NULL,
      ADD COLUMN password_changed_at timestamptz`);
    await q.query(`CREATE TABLE staff_invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_by uuid REFERENCES staff_users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz
    )`);
    await q.query(
      `CREATE INDEX staff_invitations_user_idx ON staff_invitations (user_id) WHERE used_at IS NULL AND revoked_at IS NULL`,
    );
    await q.query(`CREATE TABLE login_attempts (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      user_id uuid REFERENCES staff_users(id) ON DELETE SET NULL,
      ip text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('success','failure','locked','throttled')),
      reason text,
      user_agent text,
      attempted_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(`CREATE INDEX login_attempts_email_idx ON login_attempts (email, attempted_at DESC)`);
    await q.query(
      `CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, attempted_at DESC) WHERE outcome = 'failure'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS login_attempts`);
    await q.query(`DROP TABLE IF EXISTS staff_invitations`);
    await q.query(
      `ALTER TABLE staff_users DROP COLUMN IF EXISTS token_version, DROP COLUMN IF EXISTS password_changed_at`,
    );
  }
}
