import { DataSource, QueryRunner } from 'typeorm';

export async function ensureSchema(ds: DataSource, schema: string): Promise<void> {
  await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
}

/**
 * Takes the session-level advisory lock of the schema's migrations on the runner's connection; a second
 * process starting at the same time waits here until the first has migrated.
 */
export async function lockMigrations(qr: QueryRunner, schema: string): Promise<void> {
  await qr.query(`SELECT pg_advisory_lock(hashtext($1))`, [`migrations:${schema}`]);
}

/** Releases the lock; a connection that is already gone released it with the session. */
export async function unlockMigrations(qr: QueryRunner, schema: string): Promise<void> {
  await qr.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`migrations:${schema}`]).catch(() => undefined);
}
