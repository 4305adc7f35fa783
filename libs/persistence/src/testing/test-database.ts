import { DataSource } from 'typeorm';
import { createTestEnvironment, TestEnvironment } from '@app/testing';
import { runMigrations } from '../migrate';
import { typeOrmOptions } from '../typeorm-options';

export interface TestDatabase {
  env: TestEnvironment;
  /** Connected to the run's own schema, migrated. */
  ds: DataSource;
  /** Closes the connection and drops the schema. */
  close(): Promise<void>;
}

/**
 * A migrated schema of its own on the real PostgreSQL, for a repository's spec: the SQL under test runs
 * against the real tables, indexes and triggers, never a mock.
 */
export async function openTestDatabase(name: string): Promise<TestDatabase> {
  const env = await createTestEnvironment(name);
  const ds = new DataSource(typeOrmOptions({ url: env.databaseUrl, schema: env.schema }));
  await ds.initialize();
  await runMigrations(ds);
  return {
    env,
    ds,
    async close() {
      await ds.destroy();
      await env.cleanup();
    },
  };
}
