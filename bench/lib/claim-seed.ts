import { DataSource } from 'typeorm';
import { analyzeTables, runMigrations, typeOrmOptions } from '@app/persistence';
import { createIntegration, createTestEnvironment } from '@app/testing';
import { DEFAULT_QUEUE_KEYS, ensureDefaultQueues, INVOICE_COUNTRIES } from '@app/triage';

/**
 * The claim benchmarks' world: `open` open exceptions spread over every default queue (five per
 * invoice, priority and age varying like real traffic) and `reviewers` reviewers, each with the skills
 * of three countries and every category, online around the clock. Returns the reviewer ids.
 */
export async function seedClaimWorld(ds: DataSource, open: number, reviewers = 200): Promise<string[]> {
  await ensureDefaultQueues(ds);
  const { id: integrationId } = await createIntegration(ds, 'claims');
  await ds.query(
    `INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, payable, due_date, canonical)
     SELECT $1, 'demo', 'json', 'in_review', 'B-' || g, 'EUR', (random() * 100000)::numeric(12,2), DATE '2026-12-01' + (g % 60), '{}'::jsonb
     FROM generate_series(1, $2::int) g`,
    [integrationId, Math.ceil(open / 5)],
  );
  await ds.query(
    `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, amount, currency, status, priority, created_at, sla_due_at)
     SELECT i.id, k.key, k.key, q.category, q.country, i.payable, 'EUR', 'open', round((random() * 30)::numeric, 2),
            now() - random() * interval '10 days', now() + interval '1 day'
     FROM (SELECT id, payable, row_number() OVER () AS n FROM invoices) i CROSS JOIN generate_series(0, 4) s
     JOIN LATERAL (SELECT ($2::text[])[1 + ((i.n * 5 + s) % $3)::int] AS key) k ON true
     JOIN review_queues q ON q.key = k.key
     LIMIT $1`,
    [open, DEFAULT_QUEUE_KEYS, DEFAULT_QUEUE_KEYS.length],
  );
  const rows: { id: string }[] = await ds.query(
    `WITH u AS (INSERT INTO staff_users (email, name, password_hash, role)
       SELECT 'bench-' || g || '@example.com', 'Reviewer ' || g, 'x', 'reviewer' FROM generate_series(1, $1::int) g RETURNING id, name)
     INSERT INTO reviewers (id, display_name, countries, categories, capacity, availability, working_hours)
     SELECT u.id, u.name, ARRAY[($2::text[])[1 + (row_number() OVER () % 10)::int], ($2::text[])[1 + ((row_number() OVER () + 3) % 10)::int],
            ($2::text[])[1 + ((row_number() OVER () + 6) % 10)::int]], ARRAY['regulatory','data-quality','supplier'], 100000, 'online',
            '{"days":[1,2,3,4,5,6,7],"start":"00:00","end":"24:00"}'
     FROM u RETURNING id`,
    [reviewers, INVOICE_COUNTRIES],
  );
  await analyzeTables(ds);
  return rows.map((r) => r.id);
}

/**
 * Runs a claim benchmark in a throwaway, migrated schema and drops it afterwards (BENCH_KEEP_SCHEMA=1 keeps it);
 * a failure is printed and ends the process with exit code 1.
 */
export function runClaimBench(name: string, poolSize: number, body: (ds: DataSource) => Promise<void>): void {
  const run = async () => {
    const env = await createTestEnvironment(name);
    const ds = new DataSource(typeOrmOptions({ url: env.databaseUrl, schema: env.schema, poolSize }));
    await ds.initialize();
    try {
      await runMigrations(ds);
      await body(ds);
    } finally {
      await ds.destroy();
      if (!process.env.BENCH_KEEP_SCHEMA) await env.cleanup();
    }
  };
  run().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
