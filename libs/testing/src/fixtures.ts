import { createHash, randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import { argon2Options } from '@app/config';
import { DataSource } from 'typeorm';

/** A new integration with a known API key. */
export async function createIntegration(
  ds: DataSource,
  name = 'test integration',
): Promise<{ id: string; apiKey: string }> {
  const apiKey = `itk_test_${randomBytes(16).toString('hex')}`;
  const [row] = await ds.query(
    `INSERT INTO integrations (name, key_prefix, key_hash) VALUES ($1,'test',$2) RETURNING id`,
    [name, createHash('sha256').update(apiKey).digest('hex')],
  );
  return { id: row.id, apiKey };
}

export interface StaffUserInput {
  email?: string;
  name?: string;
  role?: 'reviewer' | 'manager' | 'admin';
  password?: string;
  reviewer?: {
    countries?: string[];
    languages?: string[];
    categories?: string[];
    capacity?: number;
    availability?: 'online' | 'away' | 'off';
    timeZone?: string;
    weeklyGoal?: number;
  };
}

// argon2 is deliberately slow; tests share one hash of the default password.
let defaultHash: Promise<string> | null = null;

/** A staff user (and, for reviewers, a reviewer profile). Password defaults to "password". */
export async function createStaffUser(
  ds: DataSource,
  input: StaffUserInput = {},
): Promise<{ id: string; email: string; password: string }> {
  const password = input.password ?? 'password';
  const hash =
    password === 'password'
      ? await (defaultHash ??= argon2.hash('password', argon2Options()))
      : await argon2.hash(password, argon2Options());
  const email = input.email ?? `user-${randomBytes(5).toString('hex')}@example.com`;
  const role = input.role ?? 'reviewer';
  const [u] = await ds.query(
    `INSERT INTO staff_users (email, name, password_hash, role) VALUES ($1,$2,$3,$4) RETURNING id`,
    [email, input.name ?? email.split('@')[0], hash, role],
  );
  if (role === 'reviewer' || input.reviewer) {
    const r = input.reviewer ?? {};
    await ds.query(
      `INSERT INTO reviewers (id, display_name, countries, languages, categories, capacity, availability, time_zone, weekly_goal) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        u.id,
        input.name ?? email.split('@')[0],
        r.countries ?? [],
        r.languages ?? [],
        r.categories ?? [],
        r.capacity ?? 10,
        r.availability ?? 'online',
        r.timeZone ?? 'UTC',
        r.weeklyGoal ?? 0,
      ],
    );
  }
  return { id: u.id, email, password };
}
