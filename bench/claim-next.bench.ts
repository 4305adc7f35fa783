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
import { claimNext } from '@app/triage';
import { runClaimBench, seedClaimWorld } from './lib/claim-seed';

const [openItems = 100_000, reviewerCount = 200, totalClaims = 20_000, poolSize = 40] = process.argv
  .slice(2)
  .map(Number);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

runClaimBench('bench-claim', poolSize, async (ds) => {
  const t0 = Date.now();
  const reviewers = await seedClaimWorld(ds, openItems, reviewerCount);
  const [{ open }] = await ds.query(`SELECT count(*)::int AS open FROM exceptions WHERE status = 'open'`);
  console.log(
    `seeded ${open} open exceptions, ${reviewers.length} reviewers in ${((Date.now() - t0) / 1000).toFixed(1)} s (pool ${poolSize})`,
  );

  // Warm-up: plans cached, pool connected.
  await Promise.all(reviewers.slice(0, poolSize).map((r) => claimNext(ds.manager, r, new Date(), 'pull')));

  const latencies: number[] = [];
  let remaining = totalClaims;
  let empty = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    reviewers.map(async (r) => {
      while (remaining-- > 0) {
        const s = process.hrtime.bigint();
        const row = await claimNext(ds.manager, r, new Date(), 'pull');
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
});
