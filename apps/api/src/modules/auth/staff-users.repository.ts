import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { StaffRole } from './staff-principal';

/** A staff account as sign-in and session checks read it. */
export interface StaffUserRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string | null;
  disabled_at: Date | null;
  token_version: number;
}

export interface StaffAccountRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  disabled_at: Date | null;
}

/** The SQL of staff accounts: sign-in, sessions (token versions), roles, disabling, passwords. */
@Injectable()
export class StaffUsersRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The account of a normalised email, with its password hash (sign-in). */
  async forSignIn(email: string): Promise<StaffUserRow | null> {
    const [row] = await this.ds.query(
      `SELECT id, email, name, role, password_hash, disabled_at, token_version FROM staff_users WHERE lower(email) = $1`,
      [email],
    );
    return row ?? null;
  }

  /** The account as a token is checked against on every request (no password hash). */
  async forSession(id: string): Promise<Omit<StaffUserRow, 'password_hash'> | null> {
    const [row] = await this.ds.query(
      `SELECT id, email, name, role, disabled_at, token_version FROM staff_users WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Revokes every token issued so far (a new token version). */
  async revokeTokens(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE staff_users SET token_version = token_version + 1 WHERE id = $1`, [id]);
  }

  /** Locks an account for a change of role, state or invitation. */
  async lock(em: EntityManager, id: string): Promise<Pick<StaffAccountRow, 'id' | 'role' | 'disabled_at'> | null> {
    const [row] = await em.query(`SELECT id, role, disabled_at FROM staff_users WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  /** Sets role and disabled state; a changed role or state revokes the account's tokens. */
  async setAccess(em: EntityManager, id: string, role: StaffRole, disabled: boolean): Promise<StaffAccountRow> {
    const [[row]] = await em.query(
      `UPDATE staff_users SET role = $2, disabled_at = CASE WHEN $3 THEN COALESCE(disabled_at, now()) ELSE NULL END,
           token_version = token_version + CASE WHEN role IS DISTINCT FROM $2 OR (disabled_at IS NULL) = $3 THEN 1 ELSE 0 END
         WHERE id = $1 RETURNING id, email, name, role, disabled_at`,
      [id, role, disabled],
    );
    return row;
  }

  /** Sets a new password hash and revokes the account's earlier tokens. */
  async setPassword(
    em: EntityManager,
    id: string,
    passwordHash: string,
  ): Promise<Pick<StaffAccountRow, 'id' | 'email' | 'name' | 'role'>> {
    const [[row]] = await em.query(
      `UPDATE staff_users SET password_hash = $2, password_changed_at = now(), token_version = token_version + 1 WHERE id = $1 RETURNING id, email, name, role`,
      [id, passwordHash],
    );
    return row;
  }

  /** Locks the account of a normalised email (the operator's invite-admin command). */
  async lockByEmail(em: EntityManager, email: string): Promise<{ id: string; role: StaffRole } | null> {
    const [row] = await em.query(`SELECT id, role FROM staff_users WHERE lower(email) = $1 FOR UPDATE`, [email]);
    return row ?? null;
  }

  /** A new admin without a password (they set their own with an invitation link). */
  async createAdmin(em: EntityManager, email: string, name: string): Promise<string> {
    const [{ id }] = await em.query(
      `INSERT INTO staff_users (email, name, password_hash, role) VALUES ($1,$2,NULL,'admin') RETURNING id`,
      [email, name],
    );
    return id;
  }

  async enable(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE staff_users SET disabled_at = NULL WHERE id = $1`, [id]);
  }

  /**
   * What of the demo seed is still usable (its integration key, its well-known accounts), one line each;
   * production refuses to start with any of it.
   */
  async activeDemoCredentials(demoKeyHash: string): Promise<{ what: string }[]> {
    return this.ds.query(
      `SELECT 'integration ' || name AS what FROM integrations WHERE disabled_at IS NULL AND (key_prefix = 'demo' OR key_hash = $1)
         UNION ALL SELECT 'staff user ' || email FROM staff_users WHERE disabled_at IS NULL AND lower(email) IN ('admin@example.com', 'manager@example.com', 'manager@demo.local', 'supplier.desk@example.com')`,
      [demoKeyHash],
    );
  }
}
