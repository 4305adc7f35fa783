import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { runMigrations } from './migrate';
import { typeOrmOptions } from './typeorm-options';

/**
 * The fresh-machine path: a database that has never seen the project, several schemas migrated at once
 * (as parallel test files do), and one schema dropped while the others live on. Extensions are
 * database-wide, so a migration that creates one per schema races here and loses it on the first drop.
 */
describe('migrations on a fresh database', () => {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = `fresh_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  const admin = () => {
    const u = new URL(base);
    u.pathname = '/postgres';
    return new Client({ connectionString: u.toString() });
  };

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE "${dbName}"`);
    await c.end();
  });
  afterAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
  });

  const migrate = async (schema: string) => {
    const ds = new DataSource(typeOrmOptions({ url: url.toString(), schema, poolSize: 2 }));
    await ds.initialize();
    try {
      await runMigrations(ds);
    } finally {
      await ds.destroy();
    }
  };

  it('migrates four schemas at once, and a dropped schema takes nothing from the others', async () => {
    const schemas = ['s_a', 's_b', 's_c', 's_d'];
    await Promise.all(schemas.map(migrate));
    const c = new Client({ connectionString: url.toString() });
    await c.connect();
    try {
      await c.query('DROP SCHEMA s_a CASCADE');
      // No extension is needed: gen_random_uuid() is PostgreSQL's own.
      const ext = await c.query(`SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'`);
      expect(ext.rows).toEqual([]);
      const r = await c.query(
        `INSERT INTO s_b.integrations (name, key_prefix, key_hash) VALUES ('x', 'x', 'h') RETURNING id`,
      );
      expect(r.rows[0].id).toMatch(/^[0-9a-f-]{36}$/);
      await migrate('s_e');
      const tables = await c.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 's_e' AND table_name = 'invoices'`,
      );
      expect(tables.rows[0].n).toBe(1);
    } finally {
      await c.end();
    }
  });
});
