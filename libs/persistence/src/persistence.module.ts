import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { typeOrmOptions } from './typeorm-options';
import { runMigrations } from './migrate';
import { redactDatabaseUrl } from './postgres-startup.check';

/**
 * The PostgreSQL connection. Start-up fails with a clear message when the database does not answer;
 * pending migrations run at start-up when MIGRATE_ON_START is true.
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (cfg: EnvironmentVariables): Promise<DataSource> => {
        const ds = new DataSource(
          typeOrmOptions({
            url: cfg.DATABASE_URL,
            schema: cfg.DATABASE_SCHEMA,
            poolSize: cfg.DATABASE_POOL_SIZE,
            preparedStatements: cfg.DATABASE_PREPARED_STATEMENTS !== 'false',
          }),
        );
        try {
          await ds.initialize();
        } catch (err) {
          throw new Error(
            `PostgreSQL is not reachable at ${redactDatabaseUrl(cfg.DATABASE_URL)}: ${(err as Error).message}`,
          );
        }
        if (cfg.MIGRATE_ON_START === 'true') {
          const ran = await runMigrations(ds);
          if (ran.length) new Logger('Migrations').log(`applied ${ran.join(', ')}`);
        }
        return ds;
      },
    },
  ],
  exports: [DataSource],
})
export class PersistenceModule implements OnApplicationShutdown, OnModuleInit {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
  onModuleInit(): void {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
