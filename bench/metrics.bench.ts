/**
 * Latency of the metrics endpoints on 1,000,000 invoices (a year of demo data), over real HTTP.
 *
 *   node scripts/demo-data/ts-run.mjs bench/metrics.bench.ts [--invoices 1000000] [--days 365] [--requests 100]
 *
 * Works in its own schema (BENCH_SCHEMA, default bench_metrics) and generates the data only when the
 * schema holds fewer invoices than asked for, so a second run measures straight away.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MetricsRollupService } from '@app/metrics';
import { generateDemoData, parseArgs } from '../scripts/demo-data/generate-demo-data';

interface BenchOptions {
  invoices: number;
  days: number;
  requests: number;
}

function options(argv: string[]): BenchOptions {
  const o: BenchOptions = { invoices: 1_000_000, days: 365, requests: 100 };
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '') as keyof BenchOptions;
    if (!(k in o)) throw new Error(`unknown option ${argv[i]}`);
    o[k] = Number(argv[i + 1]);
  }
  return o;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

async function main() {
  const o = options(process.argv.slice(2));
  const schema = process.env.BENCH_SCHEMA ?? 'bench_metrics';
  Object.assign(process.env, {
    DATABASE_SCHEMA: schema,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'true',
    QUEUE_PREFIX: `bench-${process.pid}`,
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pg = new Client({ connectionString: url });
  await pg.connect();
  await pg.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const existing = Number(
    (await pg.query(`SELECT count(*) AS n FROM "${schema}".invoices`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n,
  );
  if (existing < o.invoices) {
    console.log(`generating ${o.invoices - existing} invoices over ${o.days} days in schema ${schema} ...`);
    await generateDemoData({
      ...parseArgs([]),
      invoices: o.invoices - existing,
      days: o.days,
      suppliersPerCountry: 80,
      reviewers: 40,
      seed: 7,
      quiet: true,
    });
  }
  const {
    rows: [counts],
  } =
    await pg.query(`SELECT (SELECT count(*) FROM "${schema}".invoices) AS invoices, (SELECT count(*) FROM "${schema}".exceptions) AS exceptions,
    (SELECT count(*) FROM "${schema}".findings) AS findings, (SELECT count(*) FROM "${schema}".exceptions WHERE resolved_at IS NULL) AS unresolved`);
  await pg.end();

  // Imported late: the app reads its configuration from the environment set above.
  const { createApiApp } = await import('../apps/api/src/bootstrap');
  const app = await createApiApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  // What the worker's repeatable roll-up task does; a full rebuild when the roll-ups are empty.
  const rolled = await new MetricsRollupService(app.get(DataSource)).refresh();
  console.log(`roll-ups brought up to date: ${rolled.days} day(s) in ${(rolled.ms / 1000).toFixed(1)} s`);
  const base = await app.getUrl();
  const login = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'manager@example.com',
      password: process.env.DEMO_MANAGER_PASSWORD || 'manager-password',
    }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };
  const day = 86_400_000;
  const iso = (t: number) => new Date(t).toISOString();
  const now = Date.now();
  const cases: [string, string][] = [
    ['summary (default: last 30 days)', '/v1/metrics/summary'],
    ['summary, last 7 days', `/v1/metrics/summary?from=${iso(now - 7 * day)}`],
    ['summary, last 365 days', `/v1/metrics/summary?from=${iso(now - 365 * day)}`],
    ['summary, country=DE', '/v1/metrics/summary?country=DE'],
    ['summary, queue=vat.FI', '/v1/metrics/summary?queue=vat.FI'],
    ['reviewers', '/v1/metrics/reviewers'],
    ['queues', '/v1/metrics/queues'],
    ['root-causes by supplier', '/v1/metrics/root-causes?by=supplier'],
    ['root-causes by rule', '/v1/metrics/root-causes?by=rule'],
    ['root-causes by country, 365 days', `/v1/metrics/root-causes?by=country&from=${iso(now - 365 * day)}`],
    ['root-causes by supplier, 365 days', `/v1/metrics/root-causes?by=supplier&from=${iso(now - 365 * day)}`],
  ];
  console.log(
    `\ndata: ${counts.invoices} invoices, ${counts.exceptions} exceptions (${counts.unresolved} unresolved), ${counts.findings} findings`,
  );
  console.log(`${o.requests} sequential requests per endpoint over HTTP after 5 warm-up requests (ms):\n`);
  console.log(
    `${'endpoint'.padEnd(36)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}  method`,
  );
  let worstP95 = 0;
  const endpoints: { name: string; p50: number; p95: number; p99: number }[] = [];
  for (const [name, path] of cases) {
    let method = '';
    for (let i = 0; i < 5; i++)
      method =
        ((await (await fetch(base + path, { headers })).json()) as { percentileMethod?: string }).percentileMethod ??
        '';
    const times: number[] = [];
    for (let i = 0; i < o.requests; i++) {
      const t = performance.now();
      const res = await fetch(base + path, { headers });
      await res.arrayBuffer();
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    }
    times.sort((a, b) => a - b);
    worstP95 = Math.max(worstP95, pct(times, 0.95));
    endpoints.push({ name, p50: pct(times, 0.5), p95: pct(times, 0.95), p99: pct(times, 0.99) });
    console.log(
      `${name.padEnd(36)} ${pct(times, 0.5).toFixed(1).padStart(7)} ${pct(times, 0.95).toFixed(1).padStart(7)} ${pct(times, 0.99).toFixed(1).padStart(7)} ${times[times.length - 1].toFixed(1).padStart(7)}  ${method}`,
    );
  }
  const t = performance.now();
  await (await fetch(`${base}/metrics`)).text();
  const scrapeMs = performance.now() - t;
  console.log(`\nPrometheus /metrics, first (uncached) scrape: ${scrapeMs.toFixed(1)} ms`);
  console.log(`worst p95 of /v1/metrics/*: ${worstP95.toFixed(1)} ms (target < 100 ms)`);
  // One line for bench/run.ts to read.
  console.log(`BENCH_RESULT ${JSON.stringify({ invoices: Number(counts.invoices), endpoints, worstP95, scrapeMs })}`);
  await app.close();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
