/**
 * A bench part's own schema on the bench's database, migrated, and a DataSource on it.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { runMigrations, typeOrmOptions } from '@app/persistence';

export async function schemaDataSource(dbUrl: string, schema: string, poolSize = 10): Promise<DataSource> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await c.end();
  // DATABASE_PREPARED_STATEMENTS=false: the in-process parts (claims) without prepared statements, as the API and worker.
  const preparedStatements = process.env.DATABASE_PREPARED_STATEMENTS !== 'false';
  const ds = new DataSource(typeOrmOptions({ url: dbUrl, schema, poolSize, preparedStatements }));
  await ds.initialize();
  await runMigrations(ds);
  return ds;
}
