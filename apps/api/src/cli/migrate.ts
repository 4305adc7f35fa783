import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '@app/config';
import { runMigrations, typeOrmOptions } from '@app/persistence';

/** `npm run migrate`: applies pending migrations (under an advisory lock) and exits. */
async function main() {
  const cfg = validateEnvironment(process.env);
  const ds = new DataSource(typeOrmOptions({ url: cfg.DATABASE_URL, schema: cfg.DATABASE_SCHEMA, poolSize: 2 }));
  await ds.initialize();
  try {
    const ran = await runMigrations(ds);
    console.log(ran.length ? `Applied: ${ran.join(', ')}` : 'Schema is up to date');
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(`Migration failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
