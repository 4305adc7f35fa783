import { openTestDatabase, TestDatabase } from '../testing';
import { ensureSchema, lockMigrations, unlockMigrations } from './migration-lock.repository';

describe('migration lock repository (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('migration_lock');
  });
  afterAll(() => db?.close());

  it("holds the schema's migration lock until released: another session cannot take it meanwhile", async () => {
    const holder = db.ds.createQueryRunner();
    const other = db.ds.createQueryRunner();
    await holder.connect();
    await other.connect();
    const tryLock = async (schema: string) => {
      const [r] = await other.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [`migrations:${schema}`]);
      if (r.ok) await other.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`migrations:${schema}`]);
      return r.ok as boolean;
    };
    try {
      await lockMigrations(holder, 'lock_a');
      expect(await tryLock('lock_a')).toBe(false);
      expect(await tryLock('lock_b')).toBe(true); // one lock per schema
      await unlockMigrations(holder, 'lock_a');
      expect(await tryLock('lock_a')).toBe(true);
    } finally {
      await holder.release();
      await other.release();
    }
  });

  it('creates a schema once and is harmless when it exists', async () => {
    const name = `${db.env.schema}_extra`.slice(0, 60);
    try {
      await ensureSchema(db.ds, name);
      await ensureSchema(db.ds, name);
      const rows = await db.ds.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [name]);
      expect(rows).toHaveLength(1);
    } finally {
      await db.ds.query(`DROP SCHEMA IF EXISTS "${name}"`);
    }
  });
});
