import { DataSource } from 'typeorm';
import { ensureSchema, lockMigrations, unlockMigrations } from './repositories/migration-lock.repository';
import { analyzeTables, schemaOf } from './repositories/table-maintenance.repository';

/**
 * Runs pending migrations under a PostgreSQL advisory lock so that several processes can start at once,
 * then ANALYZEs the schema's tables: a database the product has just created or changed gets
 * statistics at once instead of whenever (if ever) autovacuum comes by.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const schema = schemaOf(ds);
  await ensureSchema(ds, schema);
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await lockMigrations(qr, schema);
    const done = await ds.runMigrations({ transaction: 'each' });
    if (done.length) await analyzeTables(ds);
    return done.map((m) => m.name);
  } finally {
    await unlockMigrations(qr, schema);
    await qr.release();
  }
}
