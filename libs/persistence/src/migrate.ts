import { DataSource } from 'typeorm';
import { analyzeTables } from './maintenance/table-maintenance';

/**
 * Runs pending migrations under a PostgreSQL advisory lock so that several processes can start at once,
 * then ANALYZEs the schema's tables: a database the product has just created or changed gets
 * statistics at once instead of whenever (if ever) autovacuum comes by.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const schema = (ds.options as { schema?: string }).schema ?? 'public';
  await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query(`SELECT pg_advisory_lock(hashtext($1))`, [`migrations:${schema}`]);
    const done = await ds.runMigrations({ transaction: 'each' });
    if (done.length) await analyzeTables(ds);
    return done.map((m) => m.name);
  } finally {
    await qr.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`migrations:${schema}`]).catch(() => undefined);
    await qr.release();
  }
}
