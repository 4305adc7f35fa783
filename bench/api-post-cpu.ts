/**
 * The API's CPU per accepted single POST /v1/invoices (canonical JSON, API key), without the worker:
 * the API's own /proc CPU delta over a closed loop of single POSTs (after 500 to warm up), divided by the
 * POSTs accepted. On a shared machine wall time is noisy; CPU per request is the figure, and even it
 * moves with the machine's load, so builds are compared in alternation (A B A B ...) in one run, each
 * started as production starts it (the `start:prod:api` flags, LOG_LEVEL silent, no worker).
 *
 *   npm run build && rm -rf .local/dist-a && cp -r dist .local/dist-a   # A; change the code, build B
 *   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> REDIS_URL=redis://127.0.0.1:6379/<n> \
 *     node scripts/demo-data/ts-run.mjs bench/api-post-cpu.ts --builds .local/dist-a,dist --rounds 3 --posts 2500
 *
 * (a copied build must stay inside the repository, where it finds node_modules). Options:
 *   --prof <dir>  V8 CPU profiles, <dir>/<build>-<round>.cpuprofile (bench/lib/cpu-profile-top.ts ranks
 *                 them). The inspector's sampling adds ~1 ms of CPU per POST: read no CPU figure off a
 *                 profiled run, and expect it to overweight code made of many small JS calls.
 *   --perf <dir>  `perf record -e cpu-clock -g` of the measured POSTs only (JIT names by --perf-basic-prof).
 *   --connections <n> (32, as bench/run.ts)
 * A build may carry extra node flags for the API: --builds dist,dist+--max-semi-space-size=32
 *
 * Works in a schema of its own in DATABASE_URL (dropped after) and a queue prefix of its own in Redis
 * (its keys deleted after). Invoices are unique per round (no duplicates), ~20% with a planted rule defect.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { createIntegration, deleteRedisKeys } from '@app/testing';
import { ensureDefaultQueues } from '@app/triage';
import { processCpuMs } from './lib/cpu-split';
import { closedLoop, pct } from './lib/http-load';
import { intakeTraffic } from './lib/intake-traffic';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ROOT = resolve(__dirname.includes('.cache') ? process.cwd() : join(__dirname, '..'));
const DB_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BUILDS = arg('builds', 'dist').split(',');
const ROUNDS = Number(arg('rounds', '2'));
const POSTS = Number(arg('posts', '3000'));
const CONNECTIONS = Number(arg('connections', '32'));
const PROF = process.argv.includes('--prof') ? resolve(arg('prof', 'bench/out')) : null;
/** --perf <dir>: `perf record` (cpu-clock, call graphs) of the API over the measured POSTs only, JIT names from --perf-basic-prof. */
const PERF = process.argv.includes('--perf') ? resolve(arg('perf', 'bench/out')) : null;
const SCHEMA = `api_post_cpu_${process.pid}`;
const PREFIX = `apicpu-${process.pid}`;

function bodies(round: number, n: number): string[] {
  return intakeTraffic(n, (i) => `-r${round}-${i}`).map((invoice) => JSON.stringify(invoice));
}

function startApi(build: string, port: number, profName: string): Promise<ChildProcess> {
  // "<build>+--flag+--flag": the build started with extra node flags (e.g. a young-generation size).
  const [dir, ...extra] = build.split('+');
  const js = join(resolve(ROOT, dir), 'apps/api/src/main.js');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const flags = pkg.scripts['start:prod:api'].split(/\s+/).filter((w) => w.startsWith('--'));
  const prof = PROF ? ['--require', join(ROOT, 'bench/lib/cpu-profiler.cjs')] : [];
  if (PERF) prof.push('--perf-basic-prof', '--interpreted-frames-native-stack', '--logfile=/dev/null');
  const p = spawn(process.execPath, [...flags, ...extra, ...prof, js], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: DB_URL,
      DATABASE_SCHEMA: SCHEMA,
      REDIS_URL,
      QUEUE_PREFIX: PREFIX,
      LOG_LEVEL: 'silent',
      MIGRATE_ON_START: 'false',
      RATE_LIMIT_PER_MINUTE: '100000000',
      NODE_ENV: 'development',
      DOCS_ENABLED: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(PROF ? { BENCH_CPU_PROF: PROF, BENCH_CPU_PROF_NAME: profName } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let out = '';
    const on = (d: Buffer) => {
      out += d.toString();
      if (/listening/i.test(out)) res(p);
    };
    p.stdout!.on('data', on);
    p.stderr!.on('data', on);
    p.on('exit', (code) => rej(new Error(`API exited ${code}: ${out.slice(-2000)}`)));
  });
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (p.exitCode === null) p.kill('SIGKILL');
}

async function main() {
  if (PERF) mkdirSync(PERF, { recursive: true });
  const c = new Client({ connectionString: DB_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA IF NOT EXISTS "${SCHEMA}"`);
  await c.end();
  const ds = new DataSource(typeOrmOptions({ url: DB_URL, schema: SCHEMA, poolSize: 2 }));
  await ds.initialize();
  const results: Record<string, number[]> = {};
  try {
    await runMigrations(ds);
    await ensureDefaultQueues(ds);
    const key = await createIntegration(ds, 'api-post-cpu');
    const port = 30000 + (process.pid % 20000);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [b, build] of BUILDS.entries()) {
        const all = bodies(round * BUILDS.length + b, POSTS + 500);
        const api = await startApi(build, port, `${build.replace(/\W+/g, '_')}-${round}`);
        try {
          await closedLoop(`http://127.0.0.1:${port}`, '/v1/invoices', all.slice(0, 500), CONNECTIONS, {
            'x-api-key': key.apiKey,
          });
          const perf = PERF
            ? spawn(
                'perf',
                [
                  'record',
                  '-q',
                  '-e',
                  'cpu-clock',
                  '-F',
                  '999',
                  '-g',
                  '-p',
                  String(api.pid),
                  '-o',
                  join(PERF, `${build.replace(/\W+/g, '_')}-${round}.perf.data`),
                ],
                { stdio: 'inherit' },
              )
            : null;
          if (perf) await new Promise((r) => setTimeout(r, 1000));
          const c0 = processCpuMs(api.pid!);
          const r = await closedLoop(`http://127.0.0.1:${port}`, '/v1/invoices', all.slice(500), CONNECTIONS, {
            'x-api-key': key.apiKey,
          });
          const per = (processCpuMs(api.pid!) - c0) / r.ok;
          if (perf) {
            perf.kill('SIGINT');
            await new Promise((r) => perf.once('exit', r));
          }
          (results[build] ??= []).push(per);
          console.log(
            `${build} round ${round}: ${per.toFixed(3)} ms CPU per accepted POST (${r.ok}/${r.requests} accepted, ${Math.round(r.rate)}/s, p50 ${pct(r.latencies, 50).toFixed(1)} ms) ${JSON.stringify(r.statuses)}`,
          );
        } finally {
          await stop(api);
        }
      }
    }
    for (const [build, xs] of Object.entries(results))
      console.log(`${build}: ${xs.map((x) => x.toFixed(3)).join(', ')} ms CPU per POST`);
  } finally {
    await ds.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`).catch(() => undefined);
    await ds.destroy();
    await deleteRedisKeys(REDIS_URL, `{${PREFIX}}*`).catch(() => undefined);
    await deleteRedisKeys(REDIS_URL, `${PREFIX}*`).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
