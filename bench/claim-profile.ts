/**
 * Where a claim's time goes: serial latency of the product's claim against the raw SKIP LOCKED
 * statement, and the plans (EXPLAIN ANALYZE, BUFFERS) of its statements, on the claim benchmark's world.
 * Run: node scripts/demo-data/ts-run.mjs bench/claim-profile.ts [open=20000]
 */
import 'reflect-metadata';
import { claimNext } from '@app/triage';
import { runClaimBench, seedClaimWorld } from './lib/claim-seed';

const open = Number(process.argv[2] ?? 20_000);

runClaimBench('claim-profile', 4, async (ds) => {
  const reviewers = await seedClaimWorld(ds, open);
  const product = (r: string) => ds.transaction((em) => claimNext(em, r, new Date(), 'pull'));
  const raw = (r: string) =>
    ds.query(
      `UPDATE exceptions SET status = 'assigned', assignee_id = $1, claimed_at = now() WHERE id = (
        SELECT id FROM exceptions WHERE status = 'open' AND assignee_id IS NULL ORDER BY priority DESC, created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id`,
      [r],
    );
  const serial = async (fn: (r: string) => Promise<unknown>, n: number) => {
    const lat: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = process.hrtime.bigint();
      await fn(reviewers[i % reviewers.length]);
      lat.push(Number(process.hrtime.bigint() - a) / 1e6);
    }
    lat.sort((x, y) => x - y);
    return `p50 ${lat[Math.floor(n / 2)].toFixed(2)} ms, p90 ${lat[Math.floor(n * 0.9)].toFixed(2)} ms, mean ${(lat.reduce((s, x) => s + x, 0) / n).toFixed(2)} ms`;
  };
  for (let i = 0; i < 50; i++) await product(reviewers[i]);
  for (let round = 0; round < 2; round++) {
    console.log(`serial product: ${await serial(product, 400)}`);
    console.log(`serial raw:     ${await serial(raw, 400)}`);
  }
  // The plans of one claim, as PostgreSQL ran them (auto_explain, sent back as notices).
  const qr = ds.createQueryRunner();
  const client = (await qr.connect()) as { on(e: 'notice', f: (n: { message: string }) => void): void };
  const plans: string[] = [];
  client.on('notice', (n) => plans.push(n.message));
  await qr.query(`LOAD 'auto_explain'`);
  for (const set of [
    'auto_explain.log_min_duration = 0',
    'auto_explain.log_analyze = on',
    'auto_explain.log_buffers = on',
    'auto_explain.log_timing = on',
    "auto_explain.log_level = 'notice'",
    "client_min_messages = 'notice'",
  ])
    await qr.query(`SET ${set}`);
  for (let i = 0; i < 8; i++) {
    plans.length = 0;
    await qr.startTransaction();
    await claimNext(qr.manager, reviewers[100 + i], new Date(), 'pull');
    await qr.commitTransaction();
  }
  console.log(
    plans
      .map((p) =>
        p
          .split('\n')
          .filter((l) => /duration|Buffers|Rows Removed|Index Scan|Append/.test(l))
          .join('\n'),
      )
      .join('\n\n'),
  );
  await qr.release();
});
