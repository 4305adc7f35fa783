/**
 * What a review/next claim costs in PostgreSQL beyond the raw SKIP LOCKED statement, part by part. Over the
 * claims world of `npm run bench` (100,000 open items, 200 reviewers), N connections claim back to back for
 * a few seconds with, in turn:
 *   raw        the raw statement of the bench's limit (pick the first open item, assign it; no gate, no record)
 *   gate       claim_next_exception's reviewer gate (lock the reviewer, skills, held count), then the raw pick and update
 *   pick       the gate and the routine's own pick (the reviewer's queues, second-approver rule) and update, no records
 *   claim      the routine as it is: also the work period, the audit event and the reviewer's last assignment
 * The variants are the routine's own text with parts cut out (the bench refuses to run if a cut no longer
 * applies). Before each run the claimed items are opened again and the tables vacuumed, so every run starts
 * from the same state; variants alternate, rounds repeat, and the median rate of each is printed with the cost
 * per claim it implies (elapsed time over claims, all N connections sharing the machine) and the step between
 * one variant and the next.
 *
 *   node scripts/demo-data/ts-run.mjs bench/claim-cost.bench.ts [rounds=5] [seconds=3] [connections=8] [open=100000] [held=0]
 *
 * With `held` > 0, each run starts as the bench's bursts do: after the vacuum, that many items are claimed by
 * the routine (spread over the reviewers, who then hold them) and nothing is vacuumed before the measurement.
 *
 * Uses its own schema (dropped at the end; BENCH_KEEP_SCHEMA=1 keeps it) on DATABASE_URL / TEST_DATABASE_URL.
 */
import 'reflect-metadata';
import { runClaimBench, seedClaimWorld } from './lib/claim-seed';

const [rounds = 5, seconds = 3, connections = 8, open = 100_000, held = 0] = process.argv.slice(2).map(Number);

const RAW_UPDATE = `UPDATE exceptions SET status = 'assigned', assignee_id = p_reviewer, claimed_at = now()
  WHERE id = (SELECT id FROM exceptions WHERE status = 'open' AND assignee_id IS NULL
              ORDER BY priority DESC, created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING *`;

/** The routine's text with `cut` applied; throws when the pattern no longer matches (the routine changed). */
function variant(def: string, name: string, cuts: [RegExp, string][]): string {
  let out = def.replace(/FUNCTION\s+(\S+\.)?claim_next_exception\(/, `FUNCTION claim_cost_${name}(`);
  for (const [pattern, by] of cuts) {
    if (!pattern.test(out)) throw new Error(`claim-cost: the cut ${pattern} for "${name}" no longer applies`);
    out = out.replace(pattern, by);
  }
  return out;
}

const PICK = /v_n := cardinality\(v_keys\);[\s\S]*?\n\s*END IF;\n\s*IF v_id IS NULL THEN RETURN; END IF;/;
const RECORDS = /RETURN QUERY\s+WITH claimed AS[\s\S]*?SELECT \* FROM claimed;/;
const SIDE_WRITES = /,\s*period AS \([\s\S]*?\n\s*\)\n(\s*SELECT \* FROM claimed;)/;

runClaimBench('bench_claim_cost', connections + 2, async (ds) => {
  const reviewers = await seedClaimWorld(ds, open);
  const [{ def }] = await ds.query(
    `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proname = 'claim_next_exception' AND n.nspname = current_schema()`,
  );
  await ds.query(
    variant(def, 'gate', [
      [PICK, ''],
      [RECORDS, `RETURN QUERY ${RAW_UPDATE};`],
    ]),
  );
  await ds.query(variant(def, 'pick', [[SIDE_WRITES, '\n$1']]));
  await ds.query(variant(def, 'claim', []));
  const call = (fn: string) => `SELECT id FROM ${fn}($1::uuid, now(), 'pull', 'staff', $1::text, 'claimed')`;
  const variants: Record<string, string> = {
    raw: RAW_UPDATE.replaceAll('p_reviewer', '$1::uuid'),
    gate: call('claim_cost_gate'),
    pick: call('claim_cost_pick'),
    claim: call('claim_cost_claim'),
  };
  const names = Object.keys(variants);
  const reset = async () => {
    await ds.query(`UPDATE exceptions SET status = 'open', assignee_id = NULL, claimed_at = NULL, first_claimed_at = NULL,
        last_activity_at = NULL WHERE status = 'assigned'`);
    await ds.query(`DELETE FROM exception_work_periods`);
    await ds.query(`VACUUM ANALYZE exceptions, exception_work_periods, reviewers`);
    if (held > 0) await claimAll(variants.claim, held);
  };
  const claimAll = async (sql: string, n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < n) await ds.query(sql, [reviewers[next++ % reviewers.length]]);
      }),
    );
  };
  const run = async (sql: string): Promise<number> => {
    await reset();
    let claims = 0;
    let next = 0;
    const until = Date.now() + seconds * 1000;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < until) {
          // TypeORM answers an UPDATE with [rows, affected], a SELECT with its rows.
          const answer: unknown[] = await ds.query(sql, [reviewers[next++ % reviewers.length]]);
          claims += Array.isArray(answer[0]) ? answer[0].length : answer.length;
        }
      }),
    );
    return claims / (Number(process.hrtime.bigint() - t0) / 1e9);
  };
  for (const name of names) await run(variants[name]); // each variant planned on every connection once
  const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const name of order) rates[name].push(await run(variants[name]));
    console.log(`round ${r + 1}: ${names.map((n) => `${n} ${Math.round(rates[n][r])}/s`).join(', ')}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(
    `\nclaims/s, median of ${rounds} rounds of ${seconds} s on ${connections} connections, ${open.toLocaleString('en')} open${held ? `, ${held.toLocaleString('en')} held unvacuumed` : ''}:`,
  );
  let before = 0;
  for (const name of names) {
    const rate = median(rates[name]);
    const ms = 1000 / rate;
    console.log(
      `  ${name.padEnd(6)} ${String(Math.round(rate)).padStart(6)}/s  ${ms.toFixed(3)} ms a claim` +
        (before ? `  (+${(ms - before).toFixed(3)} ms)` : '') +
        `  ${(ms / (1000 / median(rates.raw))).toFixed(2)} × raw`,
    );
    before = ms;
  }
});
