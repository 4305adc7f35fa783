/**
 * Claim-next latency: 200 reviewers call review/next's claim concurrently against 100,000 open
 * exceptions in 33 queues (each reviewer has the skills of three countries and every category) and
 * the script prints p50/p90/p99 latency and claims/s. Each call is the API's transaction: lock the
 * reviewer, pick with FOR UPDATE SKIP LOCKED, assign, open the work period, audit.
 *
 * Run:  npx esbuild bench/claim-next.bench.ts --bundle --platform=node --target=node20 --packages=external \
 *         --tsconfig=tsconfig.json --outfile=dist/bench/claim-next.bench.js --log-level=warning \
 *       && node dist/bench/claim-next.bench.js [openItems=100000] [reviewers=200] [claims=20000] [poolSize=40]
 * Needs PostgreSQL and Redis as for the tests (TEST_DATABASE_URL / DATABASE_URL); works in a throwaway schema.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { createTestEnvironment } from '@app/testing';
import { claimNext, DEFAULT_QUEUE_KEYS, ensureDefaultQueues, INVOICE_COUNTRIES } from '@app/triage';

const [openItems = 100_000, reviewerCount = 200, totalClaims = 20_000, poolSize = 40] = process.argv
  .slice(2)
  .map(Number);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function seed(ds: DataSource): Promise<string[]> {
  await ensureDefaultQueues(ds);
  const [integration] = await ds.query(
    `INSERT INTO integrations (name, key_prefix, key_hash) VALUES ('bench','bench',md5(random()::text)) RETURNING id`,
  );
  const keys = DEFAULT_QUEUE_KEYS;
  const invoices = Math.ceil(openItems / 5);
  await ds.query(
    `INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, payable, due_date, canonical)
     SELECT $1, 'demo', 'json', 'in_review', 'B-' || g, 'EUR', (random() * 100000)::numeric(12,2), DATE '2026-12-01' + (g % 60), '{}'::jsonb
     FROM generate_series(1, $2) g`,
    [integration.id, invoices],
  );
  // Five exceptions per invoice, spread over every queue; priority and age vary like real traffic.
  await ds.query(
    `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, amount, currency, status, priority, created_at, sla_due_at)
     SELECT i.id, k.key, k.key, q.category, q.country, i.payable, 'EUR', 'open', round((random() * 30)::numeric, 2),
            now() - random() * interval '10 days', now() + interval '1 day'
     FROM (SELECT id, payable, row_number() OVER () AS n FROM invoices) i
     CROSS JOIN generate_series(0, 4) s
     JOIN LATERAL (SELECT ($2::text[])[1 + ((i.n * 5 + s) % $3)::int] AS key) k ON true
     JOIN review_queues q ON q.key = k.key
     LIMIT $1`,
    [openItems, keys, keys.length],
  );
  const ids: string[] = [];
  const rows = await ds.query(
    `WITH u AS (INSERT INTO staff_users (email, name, password_hash, role)
       SELECT 'bench-' || g || '@example.com', 'Reviewer ' || g, 'x', 'reviewer' FROM generate_series(1, $1) g RETURNING id, name)
     INSERT INTO reviewers (id, display_name, countries, categories, capacity, availability, working_hours)
     SELECT u.id, u.name, ARRAY[($2::text[])[1 + (row_number() OVER () % 10)::int], ($2::text[])[1 + ((row_number() OVER () + 3) % 10)::int],
            ($2::text[])[1 + ((row_number() OVER () + 6) % 10)::int]], ARRAY['regulatory','data-quality','supplier'], 100000, 'online',
            '{"days":[1,2,3,4,5,6,7],"start":"00:00","end":"24:00"}'
     FROM u RETURNING id`,
    [reviewerCount, INVOICE_COUNTRIES],
  );
  for (const r of rows) ids.push(r.id);
  await ds.query(`ANALYZE`);
  return ids;
}

async function main(): Promise<void> {
  const env = await createTestEnvironment('bench-claim');
  const ds = new DataSource(typeOrmOptions({ url: env.databaseUrl, schema: env.schema, poolSize }));
  await ds.initialize();
  try {
    await runMigrations(ds);
    const t0 = Date.now();
    const reviewers = await seed(ds);
    const [{ open }] = await ds.query(`SELECT count(*)::int AS open FROM exceptions WHERE status = 'open'`);
    console.log(
      `seeded ${open} open exceptions, ${reviewers.length} reviewers in ${((Date.now() - t0) / 1000).toFixed(1)} s (pool ${poolSize})`,
    );

    // Warm-up: plans cached, pool connected.
    await Promise.all(
      reviewers.slice(0, poolSize).map((r) => ds.transaction((em) => claimNext(em, r, new Date(), 'pull'))),
    );

    const latencies: number[] = [];
    let remaining = totalClaims;
    let empty = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      reviewers.map(async (r) => {
        while (remaining-- > 0) {
          const s = process.hrtime.bigint();
          const row = await ds.transaction((em) => claimNext(em, r, new Date(), 'pull'));
          latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
          if (!row) empty++;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    const [{ held, doubled }] = await ds.query(
      `SELECT (SELECT count(*)::int FROM exceptions WHERE assignee_id IS NOT NULL) AS held,
              (SELECT count(*)::int FROM (SELECT exception_id FROM exception_work_periods WHERE ended_at IS NULL GROUP BY 1 HAVING count(*) > 1) d) AS doubled`,
    );
    console.log(`claim-next, ${reviewers.length} concurrent reviewers, ${open} open at start:`);
    console.log(`  calls ${latencies.length}, empty ${empty}, ${(latencies.length / seconds).toFixed(0)} claims/s`);
    console.log(
      `  latency p50 ${percentile(latencies, 50).toFixed(2)} ms  p90 ${percentile(latencies, 90).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms  max ${latencies[latencies.length - 1].toFixed(2)} ms`,
    );
    console.log(`  items held ${held}; items held twice ${doubled}`);
  } finally {
    await ds.destroy();
    await env.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
