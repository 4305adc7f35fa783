import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

export interface DatabaseSettings {
  url: string;
  schema: string;
  poolSize?: number;
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
    },
  };
}
