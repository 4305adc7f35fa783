/**
 * Does a heap limit hold under the worst bodies intake accepts, and what does it do to peak RSS?
 * For each set of node flags given, starts the built API and worker (as in production: `node dist/...`)
 * with those flags, posts at once: JSON invoices of 3,000 lines × 50 allowances (~9.8 MB, near the 12 MiB
 * body limit), JSON invoices of 10,000 lines (the line limit), two batches of 1,000 invoices and a stream
 * of ordinary single invoices; waits until every accepted invoice has left validation; then prints each
 * answer's status, how long validation took, the peak RSS (VmHWM) of both processes and whether they
 * are still alive.
 *
 *   node scripts/demo-data/ts-run.mjs bench/heap-limit.bench.ts [--no-build] "" "--max-old-space-size=192"
 *
 * (no flag sets given: none, then `--max-old-space-size=192`). HEAP_BENCH_BIG_JSON (4), HEAP_BENCH_LONG_JSON (2)
 * and HEAP_BENCH_SINGLES (2,000) set how many of each are posted.
 * Needs PostgreSQL and Redis as the bench suite does; works in schemas of its own (dropped after).
 */
import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { createIntegration, deleteRedisKeys, invoiceWithAllowances, sampleInvoice } from '@app/testing';
import { ensureDefaultQueues } from '@app/triage';
import { peakRssMb } from './lib/peak-rss';

const ROOT = resolve(__dirname.includes('.cache') ? process.cwd() : join(__dirname, '..'));
const DB_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BIG_JSON = Number(process.env.HEAP_BENCH_BIG_JSON ?? 4);
const LONG_JSON = Number(process.env.HEAP_BENCH_LONG_JSON ?? 2);
const SINGLES = Number(process.env.HEAP_BENCH_SINGLES ?? 2000);

function start(name: string, entry: string, flags: string[], env: Record<string, string>, ready: RegExp) {
  const p = spawn(process.execPath, [...flags, join(ROOT, 'dist', entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let onReady = () => {};
  const started = new Promise<void>((res, rej) => {
    onReady = res;
    p.on('exit', (code) => rej(new Error(`${name} exited ${code}: ${out.slice(-2000)}`)));
    p.on('error', rej);
  });
  let seen = false;
  const onData = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
    if (!seen && ready.test(d.toString())) ((seen = true), onReady());
  };
  p.stdout!.on('data', onData);
  p.stderr!.on('data', onData);
  return { p, started, tail: () => out.slice(-3000) };
}

const bigJson = (n: number) => JSON.stringify(invoiceWithAllowances(3000, 50, { invoiceNumber: `BIG-${n}` }));

function longJson(n: number): string {
  const base = sampleInvoice();
  const lines = Array.from({ length: 10_000 }, (_, i) => ({ ...base.lines[0], id: String(i + 1) }));
  return JSON.stringify(sampleInvoice({ invoiceNumber: `LONG-${n}`, lines }));
}

async function post(base: string, path: string, key: string, body: string): Promise<number> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function run(flags: string[], port: number): Promise<string> {
  const schema = `heap_bench_${process.pid}_${port}`;
  const c = new Client({ connectionString: DB_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const ds = new DataSource(typeOrmOptions({ url: DB_URL, schema, poolSize: 2 }));
  await ds.initialize();
  await runMigrations(ds);
  await ensureDefaultQueues(ds);
  const prefix = `heap-bench-${process.pid}-${port}`;
  const env = {
    DATABASE_URL: DB_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'info',
    MIGRATE_ON_START: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    NODE_ENV: 'development',
    DOCS_ENABLED: 'false',
  };
  const api = start(
    'api',
    'apps/api/src/main.js',
    flags,
    { ...env, PORT: String(port), HOST: '127.0.0.1' },
    /listening/i,
  );
  const worker = start('worker', 'apps/worker/src/main.js', flags, env, /Worker started/);
  try {
    await Promise.all([api.started, worker.started]);
    console.log(`API and worker started (flags "${flags.join(' ')}")`);
    const base = `http://127.0.0.1:${port}`;
    const { apiKey, id } = await createIntegration(ds, 'heap-bench');
    const batch = (b: number) =>
      JSON.stringify({
        invoices: Array.from({ length: 1000 }, (_, i) => sampleInvoice({ invoiceNumber: `B${b}-${i}` })),
      });
    const t0 = Date.now();
    const answers = await Promise.all([
      ...Array.from({ length: BIG_JSON }, (_, i) =>
        post(base, '/v1/invoices', apiKey, bigJson(i)).then((s) => `big ${s}`),
      ),
      ...Array.from({ length: LONG_JSON }, (_, i) =>
        post(base, '/v1/invoices', apiKey, longJson(i)).then((s) => `long ${s}`),
      ),
      ...[0, 1].map((b) => post(base, '/v1/invoices/batch', apiKey, batch(b)).then((s) => `batch ${s}`)),
      (async () => {
        const statuses: Record<number, number> = {};
        for (let i = 0; i < SINGLES; i += 16) {
          const got = await Promise.all(
            Array.from({ length: 16 }, (_, j) =>
              post(base, '/v1/invoices', apiKey, JSON.stringify(sampleInvoice({ invoiceNumber: `S-${i + j}` }))),
            ),
          );
          for (const s of got) statuses[s] = (statuses[s] ?? 0) + 1;
        }
        return `singles ${JSON.stringify(statuses)}`;
      })(),
    ]);
    const posted = Date.now() - t0;
    let pending = -1;
    for (let i = 0; i < 1200; i++) {
      const [r] = await ds.query(
        `SELECT count(*) FILTER (WHERE status IN ('received','validating'))::int AS pending, count(*)::int AS n
           FROM invoices WHERE integration_id = $1`,
        [id],
      );
      pending = r.pending;
      if (pending === 0 || api.p.exitCode !== null || worker.p.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const [{ n, failed }] = await ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM invoices WHERE integration_id = $1`,
      [id],
    );
    const alive = (p: ChildProcess) => (p.exitCode === null ? 'alive' : `EXITED ${p.exitCode}`);
    const line =
      `flags "${flags.join(' ')}": ${answers.join('; ')}; posted in ${(posted / 1000).toFixed(1)} s, ` +
      `${n} stored, ${pending} still unvalidated, ${failed} failed after ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
      `peak RSS API ${peakRssMb(api.p).toFixed(0)} MB (${alive(api.p)}), worker ${peakRssMb(worker.p).toFixed(0)} MB (${alive(worker.p)})`;
    if (api.p.exitCode !== null || answers.some((a) => / 5\d\d/.test(a))) console.error(`API output:\n${api.tail()}`);
    if (worker.p.exitCode !== null) console.error(`worker output:\n${worker.tail()}`);
    return line;
  } finally {
    for (const x of [api.p, worker.p]) if (x.exitCode === null) x.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 2000));
    for (const x of [api.p, worker.p]) if (x.exitCode === null) x.kill('SIGKILL');
    await ds.destroy();
    await c.query(`DROP SCHEMA "${schema}" CASCADE`);
    await c.end();
    await deleteRedisKeys(REDIS_URL, `{${prefix}}*`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--no-build');
  const sets = args.length ? args : ['', '--max-old-space-size=192'];
  if (!process.argv.includes('--no-build')) {
    console.log('building the product (npm run build)');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const out: string[] = [];
  for (const [i, s] of sets.entries()) {
    const line = await run(s.split(/\s+/).filter(Boolean), 23_000 + (process.pid % 10_000) + i);
    console.log(line);
    out.push(line);
  }
  console.log(`\n${out.join('\n')}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
