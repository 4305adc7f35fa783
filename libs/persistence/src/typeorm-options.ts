import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { PreparingClient } from './repositories/preparing-client';

export interface DatabaseSettings {
  url: string;
  schema: string;
  poolSize?: number;
  /** Repeated parameterized statements as named prepared statements (PreparingClient); on unless false. */
  preparedStatements?: boolean;
}

/** One place that turns settings into TypeORM options; `synchronize` is never on. */
export function typeOrmOptions(db: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: db.url,
    schema: db.schema,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [],
    extra: {
      max: db.poolSize ?? 20,
      // Every connection works inside the configured schema, so raw SQL needs no qualification.
      options: `-c search_path=${db.schema},public`,
      // Keep what a burst opened (pg-pool closes an idle connection after 10 s by default): a new backend
      // plans the claim routine and the intake statements again, and a burst that finds the pool emptied
      // waits for that on every connection at once (review/next p99 650-1,090 ms at 200/s, 12.5 ms kept).
      idleTimeoutMillis: 300_000,
      // ...without holding a process open for them: a script or test that is done exits (the API and worker
      // are kept running by their servers and queues, not by idle connections).
      allowExitOnIdle: true,
      // Repeated parameterized statements run as prepared statements (parsed, and planned, once per connection).
      ...(db.preparedStatements === false ? {} : { Client: PreparingClient }),
    },
  };
}
