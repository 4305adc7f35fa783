/**
 * The bench suite: each product figure beside the limit of this machine measured in the same run,
 * and their ratio (absolute figures are noisy on a shared machine; ratios from one run are not).
 *
 *   node scripts/demo-data/ts-run.mjs bench/run.ts [--quick] [--from-source]
 *
 * Parts (intake after a warm-up of its own, BENCH_WARMUP; end to end = every invoice validated and the
 * exceptions it opened routed): single POST at 32 connections end to end (API + worker as child processes) vs a bare
 * Nest + Fastify + ValidationPipe echo of the same bodies; batches of 1,000 × 2 in parallel end to end
 * vs COPY of the same rows on two connections (psql); in-process UBL validation incl. XML reading vs the
 * official EN 16931 validation (XSLT on Saxon-HE, bench/official/, windows alternated with ours);
 * 10 / 100 / 1,000 / 10,000-line validation; review/next paced at 200/s with 200 reviewers and a burst
 * of 200 vs a raw SKIP LOCKED claim on the same data; peak RSS of API and worker. Writes
 * bench/results/<date>.md. Needs PostgreSQL, Redis and psql (and java with Saxon-HE for the official
 * validator, else its row keeps the issue's figure); works in schemas of its own (dropped after).
 */
import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { EnvironmentVariables } from '@app/config';
import type { CanonicalInvoice } from '@app/domain';
import { analyzeTables } from '@app/persistence';
import { validateInvoice } from '@app/rules';
import { createIntegration, deleteRedisKeys, EN16931_DIR, sampleInvoice, xmlFilesIn } from '@app/testing';
import { claimNext, ensureDefaultQueues, withPushCandidates } from '@app/triage';
import { seedClaimWorld } from './lib/claim-seed';
import { copyLimit } from './lib/copy-limit';
import { cpuPerInvoice, cpuSnapshot } from './lib/cpu-split';
import { closedLoop, pct } from './lib/http-load';
import { type IntakeCase, intakeCases, seedPurchaseOrders } from './lib/intake-traffic';
import { OfficialValidator, type OfficialWindow } from './lib/official-validator';
import { peakRssMb } from './lib/peak-rss';
import { schemaDataSource } from './lib/schema-data-source';
import { StatementCpuLog } from './lib/pg-statement-cpu';
import {
  formatXmlFigures,
  measureJsonReference,
  measureXml,
  measureXmlLines,
  measureXmlWindow,
  xmlSets,
} from './lib/xml-read';
import { measureValidateTask } from './lib/validate-task';
import { SUPPLIERS } from './rules-traffic.fixtures';

const quick = process.argv.includes('--quick');
const SIZES = quick
  ? {
      singles: 2_000,
      warmup: 200,
      echo: 4_000,
      batches: 6,
      open: 20_000,
      pacedSeconds: 10,
      validateSeconds: 3,
      e2eTimeout: 240_000,
      metricsInvoices: 100_000,
      metricsRequests: 20,
    }
  : {
      singles: 20_000,
      warmup: 2_000,
      echo: 20_000,
      batches: 50,
      open: 100_000,
      pacedSeconds: 30,
      validateSeconds: 10,
      e2eTimeout: 1_800_000,
      metricsInvoices: 1_000_000,
      metricsRequests: 100,
    };
const ROOT = resolve(__dirname.includes('.cache') ? process.cwd() : join(__dirname, '..'));
const DB_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = `bench_run_${process.pid}`;
const rows: { path: string; product: string; limit: string; ratio: string }[] = [];
const notes: string[] = [];
const log = (s: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)} load ${loadavg()[0].toFixed(1)}] ${s}`);
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const f3 = (n: number) => n.toFixed(3);

/**
 * The API and worker run as they run in production: the tsc build (`node dist/...`), built once at the
 * start of the bench. Run from sources (swc/esbuild in the process) they hold 100-280 MB more, which is the
 * compiler's, not the product's (`--from-source` keeps that mode for debugging).
 */
const FROM_SOURCE = process.argv.includes('--from-source');
let built = false;
function productCommand(entry: string): string[] {
  // The bench's own helpers (the echo limit) are not part of the build: they run from sources.
  if (FROM_SOURCE || entry.startsWith('bench/')) return [join(ROOT, 'scripts/demo-data/ts-run.mjs'), join(ROOT, entry)];
  if (!built) {
    log('building the product (npm run build) so the API and worker run as in production');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    built = true;
  }
  const js = `dist/${entry.replace(/\.ts$/, '.js')}`;
  return [...productionNodeFlags(js), join(ROOT, js)];
}

/**
 * The node flags production starts a built entry point with: those of the `start:prod:*` script in
 * package.json that runs it (the heap caps), so that the bench measures memory as deployed.
 */
function productionNodeFlags(js: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  const line = Object.entries(scripts).find(([name, cmd]) => name.startsWith('start:prod:') && cmd.includes(js))?.[1];
  if (!line) return [];
  const words = line.split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf(js)).filter((w) => w.startsWith('--'));
}

function child(name: string, entry: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  // BENCH_CPU_PROF=<dir>: the API and worker write V8 CPU profiles there when they stop
  // (rank them with `node scripts/demo-data/ts-run.mjs bench/lib/cpu-profile-top.ts <file>`).
  const prof = process.env.BENCH_CPU_PROF ? ['--require', join(ROOT, 'bench/lib/cpu-profiler.cjs')] : [];
  // BENCH_PRODUCT_NODE_FLAGS: node flags for the API and worker only (e.g. a heap limit to compare peak RSS).
  if (process.env.BENCH_PRODUCT_NODE_FLAGS && !entry.startsWith('bench/'))
    prof.push(...process.env.BENCH_PRODUCT_NODE_FLAGS.split(/\s+/).filter(Boolean));
  const p = spawn(process.execPath, [...prof, ...productCommand(entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env, BENCH_CPU_PROF_NAME: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) res(p);
    };
    p.stdout!.on('data', onData);
    p.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.on('exit', (code) => rej(new Error(`${name} exited ${code}: ${out.slice(-2000)}`)));
    setTimeout(() => rej(new Error(`${name} did not start: ${out.slice(-2000)}`)), 120_000);
  });
}
const stop = async (p?: ChildProcess) => {
  if (!p || p.exitCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (p.exitCode === null) p.kill('SIGKILL');
};

const dataSource = (schema: string, poolSize?: number) => schemaDataSource(DB_URL, schema, poolSize);

/** Realistic traffic (bench/lib/intake-traffic.ts), each number unique, with the purchase orders it refers to. */
function traffic(count: number): IntakeCase[] {
  return intakeCases(count, (i) => `-${i}`);
}

/**
 * Seconds from `started` until every one of the integration's `total` invoices is validated and every
 * exception they opened is routed (its queue's SLA planned: sla_due_at set), as the issue defines end to end.
 */
async function waitValidated(ds: DataSource, integrationId: string, total: number, started: bigint): Promise<number> {
  const deadline = Date.now() + SIZES.e2eTimeout;
  for (;;) {
    // The poll competes with the product for PostgreSQL (and its CPU counts in the product's figure): it
    // reads the unvalidated invoices (a partial index), counts the integration's invoices and its unrouted
    // exceptions only once none is left, and asks once a second (every 250 ms it was 17 s of PostgreSQL time
    // in a full intake run).
    const [{ pending }] = await ds.query(
      `SELECT count(*)::int AS pending FROM invoices WHERE status IN ('received','validating') AND integration_id = $1`,
      [integrationId],
    );
    const [{ n, unrouted }] =
      pending === 0
        ? await ds.query(
            `SELECT (SELECT count(*)::int FROM invoices WHERE integration_id = $1) AS n,
                    (SELECT count(*)::int FROM exceptions e JOIN invoices i ON i.id = e.invoice_id
                      WHERE i.integration_id = $1 AND e.sla_due_at IS NULL AND e.status NOT IN ('resolved','superseded')) AS unrouted`,
            [integrationId],
          )
        : [{ n: 0, unrouted: 0 }];
    if (n >= total && pending === 0 && unrouted === 0) return Number(process.hrtime.bigint() - started) / 1e9;
    if (Date.now() > deadline)
      throw new Error(
        `${pending} invoices still not validated, ${unrouted} exceptions not routed after ${SIZES.e2eTimeout / 1000} s`,
      );
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function intake(): Promise<void> {
  const schema = `${RUN}_intake`;
  const ds = await dataSource(schema);
  const env = {
    DATABASE_URL: DB_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    QUEUE_PREFIX: `bench-${process.pid}`,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    NODE_ENV: 'development',
    DOCS_ENABLED: 'false',
  };
  let api: ChildProcess | undefined, worker: ChildProcess | undefined, echo: ChildProcess | undefined;
  // BENCH_PG_STATEMENT_CPU=<PostgreSQL's server log>: the API's and worker's statements log their CPU
  // (log_statement_stats, for this database, until the part ends), and the batch phase's are ranked below.
  let pgLog: StatementCpuLog | undefined;
  try {
    for (const s of SUPPLIERS) {
      const [row] = await ds.query(
        `INSERT INTO suppliers (name, vat_id, country_code, payment_terms_days, currency) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (vat_id) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [s.record.name, s.vatId, s.record.countryCode, s.record.paymentTermsDays ?? null, s.record.currency ?? null],
      );
      for (const iban of s.record.bankAccounts)
        await ds.query(`INSERT INTO supplier_bank_accounts (supplier_id, iban) VALUES ($1,$2) ON CONFLICT DO NOTHING`, [
          row.id,
          iban,
        ]);
    }
    await ensureDefaultQueues(ds);
    const cases = traffic(SIZES.singles + SIZES.batches * 1000);
    const orders = await seedPurchaseOrders(ds, cases);
    await ds.query('ANALYZE purchase_orders, purchase_order_lines, goods_receipts, goods_receipt_lines');
    log(`${f0(orders)} purchase orders on file for ${f0(cases.length)} invoices`);
    const singles = cases.map((c) => c.invoice);
    const singleBodies = singles.slice(0, SIZES.singles).map((i) => JSON.stringify(i));

    // The limit: a bare echo with the same DTO and ValidationPipe.
    const echoPort = 20000 + (process.pid % 20000);
    echo = await child('echo', 'bench/lib/echo-server.ts', { PORT: String(echoPort) }, /listening/);
    const echoBodies = Array.from({ length: SIZES.echo }, (_, i) => singleBodies[i % singleBodies.length]);
    await closedLoop(`http://127.0.0.1:${echoPort}`, '/v1/invoices', echoBodies.slice(0, 500), 32);
    const e = await closedLoop(`http://127.0.0.1:${echoPort}`, '/v1/invoices', echoBodies, 32);
    await stop(echo);
    log(
      `echo: ${f0(e.rate)}/s p50 ${f1(pct(e.latencies, 50))} ms p99 ${f1(pct(e.latencies, 99))} ms ${JSON.stringify(e.statuses)}`,
    );

    if (process.env.BENCH_PG_STATEMENT_CPU) pgLog = await StatementCpuLog.start(ds, process.env.BENCH_PG_STATEMENT_CPU);
    const apiPort = echoPort + 1;
    api = await child(
      'api',
      'apps/api/src/main.ts',
      { ...env, PORT: String(apiPort), HOST: '127.0.0.1' },
      /listening/i,
    );
    worker = await child('worker', 'apps/worker/src/main.ts', env, /Worker started/);
    const base = `http://127.0.0.1:${apiPort}`;

    // Warm-up, as the echo gets one: invoices of their own (own numbers, own integration) posted and validated
    // before anything is measured, so that the measured phases see processes past their start (JIT, caches,
    // pools), as a deployment does after its first minutes. BENCH_WARMUP=0 measures from a cold start.
    const warmup = Number(process.env.BENCH_WARMUP ?? SIZES.warmup);
    if (warmup > 0) {
      const warmCases = intakeCases(warmup, (i) => `-warm-${i}`);
      await seedPurchaseOrders(ds, warmCases);
      const warm = await createIntegration(ds, 'bench-warmup');
      const t = process.hrtime.bigint();
      const w = await closedLoop(
        base,
        '/v1/invoices',
        warmCases.map((c) => JSON.stringify(c.invoice)),
        32,
        { 'x-api-key': warm.apiKey },
      );
      await waitValidated(ds, warm.id, w.ok, t);
      log(`warm-up: ${f0(w.ok)} invoices posted and validated`);
      notes.push(
        `- intake measured after a warm-up of ${f0(w.ok)} single POSTs, validated (BENCH_WARMUP; 0 measures from a cold start)`,
      );
    } else {
      notes.push('- intake measured from a cold start (BENCH_WARMUP=0)');
    }
    const single = await createIntegration(ds, 'bench-single');
    const cpu = () => cpuSnapshot(ds, api?.pid, worker?.pid);
    let cpu0 = await cpu();
    let t0 = process.hrtime.bigint();
    const s = await closedLoop(base, '/v1/invoices', singleBodies, 32, { 'x-api-key': single.apiKey });
    const sE2e = await waitValidated(ds, single.id, s.ok, t0);
    const sCpu = cpuPerInvoice(cpu0, await cpu(), s.ok);
    log(
      `single: accepted ${f0(s.rate)}/s p50 ${f1(pct(s.latencies, 50))} p99 ${f1(pct(s.latencies, 99))} ms; end to end ${f0(s.ok / sE2e)}/s ${JSON.stringify(s.statuses)}`,
    );
    rows.push({
      path: `single POST, 32 connections, ${f0(SIZES.singles)} invoices, worker running: accepted`,
      product: `${f0(s.rate)}/s (p50 ${f1(pct(s.latencies, 50))} ms, p99 ${f1(pct(s.latencies, 99))} ms)`,
      limit: `echo ${f0(e.rate)}/s (p99 ${f1(pct(e.latencies, 99))} ms)`,
      ratio: f2(s.rate / e.rate),
    });
    rows.push({
      path: 'single POST: end to end (every invoice validated, its exceptions routed)',
      product: `${f0(s.ok / sE2e)}/s`,
      limit: `echo ${f0(e.rate)}/s`,
      ratio: f2(s.ok / sE2e / e.rate),
    });

    const batch = await createIntegration(ds, 'bench-batch');
    const batchBodies = Array.from({ length: SIZES.batches }, (_, b) =>
      JSON.stringify({ invoices: singles.slice(SIZES.singles + b * 1000, SIZES.singles + (b + 1) * 1000) }),
    );
    cpu0 = await cpu();
    const logFrom = pgLog?.offset();
    t0 = process.hrtime.bigint();
    const b = await closedLoop(base, '/v1/invoices/batch', batchBodies, 2, { 'x-api-key': batch.apiKey }, 200);
    const bAccepted = (b.ok * 1000) / b.seconds;
    const bE2e = await waitValidated(ds, batch.id, b.ok * 1000, t0);
    const bCpu = cpuPerInvoice(cpu0, await cpu(), b.ok * 1000);
    if (pgLog && logFrom !== undefined) statementCpuNote(pgLog.read(logFrom, pgLog.offset(), 8), b.ok * 1000);
    log(`CPU per invoice end to end: single ${sCpu}; batch ${bCpu}`);
    log(
      `batch: accepted ${f0(bAccepted)}/s (a batch p50 ${f0(pct(b.latencies, 50))} ms); end to end ${f0((b.ok * 1000) / bE2e)}/s ${JSON.stringify(b.statuses)}`,
    );

    const copyRate = await copyLimit(ds, DB_URL, singles.slice(0, Math.min(10_000, singles.length)), batch.id);
    log(`COPY on 2 connections: ${f0(copyRate)} invoices/s`);
    rows.push({
      path: `batch, 1,000 per request, 2 in parallel, ${f0(SIZES.batches * 1000)} invoices: accepted`,
      product: `${f0(bAccepted)}/s (a batch p50 ${f0(pct(b.latencies, 50))} ms, p99 ${f0(pct(b.latencies, 99))} ms)`,
      limit: `COPY on 2 connections ${f0(copyRate)}/s`,
      ratio: f2(bAccepted / copyRate),
    });
    rows.push({
      path: 'batch: end to end (every invoice validated, its exceptions routed)',
      product: `${f0((b.ok * 1000) / bE2e)}/s`,
      limit: `COPY ${f0(copyRate)}/s`,
      ratio: f2((b.ok * 1000) / bE2e / copyRate),
    });
    rows.push({
      path: 'CPU per invoice, end to end (API + worker incl. its threads + PostgreSQL backends and writers + Redis)',
      product: `single: ${sCpu}; batch: ${bCpu}`,
      limit: '2 cores: 2,000 ms of CPU a second in all',
      ratio: '—',
    });
    rows.push({
      path: 'peak RSS under intake (flags of `start:prod:*`)',
      product: `API ${f0(peakRssMb(api))} MB, worker ${f0(peakRssMb(worker))} MB`,
      limit: `target < 300 MB; API ${productionNodeFlags('dist/apps/api/src/main.js').join(' ') || 'no flags'}, worker ${productionNodeFlags('dist/apps/worker/src/main.js').join(' ') || 'no flags'}`,
      ratio: f2(Math.max(peakRssMb(api), peakRssMb(worker)) / 300),
    });
  } finally {
    await pgLog?.stop().catch((e) => log(`log_statement_stats could not be reset: ${(e as Error).message}`));
    await stop(echo);
    await stop(api);
    await stop(worker);
    if (!process.env.BENCH_KEEP_SCHEMA)
      await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await ds.destroy();
    await deleteRedisKeys(REDIS_URL, `{bench-${process.pid}}*`).catch(() => undefined);
  }
}

/** The batch phase's statements by PostgreSQL CPU, per invoice, into the log and the notes. */
function statementCpuNote(r: ReturnType<StatementCpuLog['read']>, invoices: number): void {
  const perInvoice = (s: number) => `${f3((s * 1000) / invoices)} ms`;
  const lines = r.statements.map(
    (s) =>
      `  - ${perInvoice(s.cpuSeconds)} an invoice, ${f0(s.executions)} executions: \`${s.text.replace(/`/g, "'")}…\``,
  );
  log(`batch: PostgreSQL CPU in statements ${perInvoice(r.totalCpuSeconds)} an invoice\n${lines.join('\n')}`);
  notes.push(
    `- batch, PostgreSQL CPU in the API's and worker's statements (log_statement_stats): ${perInvoice(r.totalCpuSeconds)} an invoice; the first ${lines.length}:`,
    ...lines,
  );
}

/** The official validator's rate in the issue's run, used when it cannot be measured here (no java or Saxon-HE). */
const ISSUE_OFFICIAL_PER_SECOND = 677;

/** Our in-process figure and its phases, as the validation row states them. */
const xmlProduct = (x: ReturnType<typeof measureXml>) =>
  `${f0(1000 / x.totalMs)}/s: XML read ${f2(x.readMs)} ms (parse ${f2(x.parseMs)} ms; canonical + syntax rules ${f2(x.readMs - x.parseMs)} ms), rules ${f2(x.totalMs - x.readMs)} ms`;

async function validation(): Promise<void> {
  // CPU time of this process per phase, phases alternated round by round (bench/lib/xml-read.ts).
  const [ubl] = xmlSets(ROOT);
  const x = measureXml(ubl, quick ? 3 : 7);
  const jsonMs = measureJsonReference(ubl, quick ? 3 : 7);
  log(formatXmlFigures(x));
  log(`the same invoices as canonical JSON, JSON.parse: ${jsonMs.toFixed(3)} ms`);
  // The limit: the official validation (EN 16931 Schematron as XSLT, Saxon-HE) over the same files, in a JVM
  // warmed up first (its JIT takes ~10 s to settle on this stylesheet); then windows of ours and of it
  // alternated, a pair at a time, as this machine's speed moves by tens of percent from minute to minute.
  const official = await OfficialValidator.start(ROOT, xmlFilesIn(join(EN16931_DIR, 'examples', 'ubl')), 15);
  const pairs: { ours: number; official: number; mainThread: number }[] = [];
  if (official instanceof OfficialValidator) {
    // Each side first runs half a second unmeasured: having waited two seconds for the other, a process is
    // not at its steady state (measured on ours: 0.227-0.235 ms per invoice straight after the wait, 0.201-0.214
    // after half a second, four alternated pairs, the JVM idle all along).
    const oursWindow = () => {
      measureXmlWindow(ubl, 0.5);
      return measureXmlWindow(ubl, 2);
    };
    const officialWindow = async () => {
      await official.window(0.5);
      return official.window(2);
    };
    try {
      for (let i = 0; i < (quick ? 3 : 5); i++) {
        let ours: number, theirs: OfficialWindow;
        if (i % 2 === 0) {
          ours = oursWindow();
          theirs = await officialWindow();
        } else {
          theirs = await officialWindow();
          ours = oursWindow();
        }
        pairs.push({ ours, official: theirs.perInvoiceMs, mainThread: theirs.mainThreadMs });
      }
    } catch (e) {
      // The pairs measured so far stand; the rest of the validation part still runs.
      log(`official validator stopped after ${pairs.length} windows: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      official.close();
    }
  }
  const med = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
  const ratios = pairs.map((p) => p.official / p.ours).sort((p, q) => p - q);
  const why = official instanceof OfficialValidator ? 'stopped before a window' : official.why;
  const readVsJson = `XML read ${f1(x.readMs / jsonMs)} × JSON.parse`;
  const path = `validation in process, ${ubl.docs.length} official UBL examples (avg ${x.avgKb.toFixed(1)} kB) incl. XML read (per core, CPU time)`;
  if (pairs.length) {
    const oursMs = med(pairs.map((p) => p.ours));
    const officialMs = med(pairs.map((p) => p.official));
    log(
      `official validator (Saxon-HE, EN 16931 UBL XSLT) / ours, ms per invoice in ${pairs.length} alternated windows: ${pairs.map((p) => `${f2(p.official)} / ${p.ours.toFixed(3)}`).join('; ')}; median ratio ${f1(med(ratios))} × (${(official as OfficialValidator).failedAsserts} failed asserts on the examples)`,
    );
    rows.push({
      path,
      product: `${xmlProduct(x)}; ${f0(1000 / oursMs)}/s in the windows alternated with the official validator`,
      limit: `official validator (EN 16931 UBL XSLT on Saxon-HE, JVM CPU time, same files) ${f0(1000 / officialMs)}/s per core (median of ${pairs.length} two-second windows alternated with ours, each side after half a second unmeasured; main thread alone ${f2(med(pairs.map((p) => p.mainThread)))} ms); JSON.parse of the same invoices ${f2(jsonMs)} ms`,
      ratio: `${f1(med(ratios))} × official (median of ${pairs.length} pairs, ${f1(ratios[0])}–${f1(ratios[ratios.length - 1])}); ${readVsJson}`,
    });
  } else {
    log(`official validator not measured: ${why}`);
    rows.push({
      path,
      product: xmlProduct(x),
      limit: `official validator (Saxon XSLT) ${ISSUE_OFFICIAL_PER_SECOND}/s per core, measured in the issue (not run here: ${why}); JSON.parse of the same invoices ${f2(jsonMs)} ms`,
      ratio: `${f1(1000 / x.totalMs / ISSUE_OFFICIAL_PER_SECOND)} × official; ${readVsJson}`,
    });
  }
  // The worker's share of an XML invoice: its validation task, with the syntax findings intake stored
  // (a first run) and reading the document again (a later run).
  const vt = measureValidateTask(quick ? 5 : 11);
  log(
    `validation task per UBL invoice: ${f2(vt.storedMs)} ms with stored syntax findings, ${f2(vt.readsMs)} ms reading the document again${vt.differ ? `; ${vt.differ} documents' findings differ` : ''}`,
  );
  rows.push({
    path: `the worker's validation task per XML invoice, ${vt.docs} official UBL examples (CPU time): first run, with the syntax findings intake stored`,
    product: `${f0(1000 / vt.storedMs)}/s per core (${f2(vt.storedMs)} ms)${vt.differ ? `; ${vt.differ} documents' findings differ` : ''}`,
    limit: `the same task reading the document again (a later run): ${f0(1000 / vt.readsMs)}/s (${f2(vt.readsMs)} ms)`,
    ratio: `${f2(vt.storedMs / vt.readsMs)} × the CPU`,
  });
  const xl = measureXmlLines(ROOT, [10, 100, 1000, 10000]);
  log(
    `UBL lines: ${xl.map((l) => `${l.lines}: ${f2(l.ms)} ms (read ${f2(l.readMs)} ms, ${f2((l.ms * 1000) / l.lines)} µs/line, ${l.blocking} blocking)`).join('; ')}`,
  );
  rows.push({
    path: 'clean UBL invoice 10 / 100 / 1,000 / 10,000 lines, XML read + validation, in process (CPU time, every garbage collection counted: median of 7 rounds of ~0.15 s per size, sizes alternated; mean of all runs)',
    product: `median ${xl.map((l) => `${f2(l.ms)} ms`).join(' / ')}; mean ${xl.map((l) => `${f2(l.meanMs)} ms`).join(' / ')}`,
    limit: `µs per line, median: ${xl.map((l) => f1((l.ms * 1000) / l.lines)).join(' / ')}; mean: ${xl.map((l) => f1((l.meanMs * 1000) / l.lines)).join(' / ')}`,
    ratio: `${f1(xl[3].ms / xl[3].lines / (xl[1].ms / xl[1].lines))} median, ${f1(xl[3].meanMs / xl[3].lines / (xl[1].meanMs / xl[1].lines))} mean (per-line 10k ÷ 100)`,
  });

  const sizes = [10, 100, 1000, 10000];
  const figures = sizes.map((lines) => {
    const base = sampleInvoice();
    const inv = {
      ...base,
      lines: Array.from({ length: lines }, (_, i) => ({ ...base.lines[0], id: String(i + 1) })),
      vatBreakdown: [
        { category: 'S', rate: '25.5', taxableAmount: `${lines * 1000}.00`, taxAmount: `${lines * 255}.00` },
      ],
      totals: {
        lineNetTotal: `${lines * 1000}.00`,
        taxExclusive: `${lines * 1000}.00`,
        taxTotal: `${lines * 255}.00`,
        taxInclusive: `${lines * 1255}.00`,
        payable: `${lines * 1255}.00`,
      },
    } as unknown as CanonicalInvoice;
    const reps = Math.max(3, Math.min(200, Math.round(20000 / lines)));
    validateInvoice(inv, { format: 'json', buyerCountry: 'FI' });
    const times: number[] = [];
    let blocking = 0;
    for (let r = 0; r < reps; r++) {
      const a = process.cpuUsage();
      blocking = validateInvoice(inv, { format: 'json', buyerCountry: 'FI' }).filter(
        (x) => x.severity === 'blocking',
      ).length;
      const d = process.cpuUsage(a);
      times.push((d.user + d.system) / 1e3);
    }
    times.sort((x, y) => x - y);
    return { lines, ms: pct(times, 50), blocking };
  });
  log(
    `lines: ${figures.map((x) => `${x.lines}: ${f2(x.ms)} ms (${f2((x.ms * 1000) / x.lines)} µs/line, ${x.blocking} blocking)`).join('; ')}`,
  );
  rows.push({
    path: 'clean invoice 10 / 100 / 1,000 / 10,000 lines, in process (median CPU time)',
    product: figures.map((x) => `${f2(x.ms)} ms`).join(' / '),
    limit: `µs per line: ${figures.map((x) => f1((x.ms * 1000) / x.lines)).join(' / ')}`,
    ratio: `${f1(figures[3].ms / figures[3].lines / (figures[0].ms / figures[0].lines))} (per-line 10k ÷ 10)`,
  });
}

async function claims(): Promise<void> {
  const schema = `${RUN}_claims`;
  const ds = await dataSource(schema, 40);
  try {
    const reviewers = await seedClaimWorld(ds, SIZES.open);
    await ds.query('CHECKPOINT'); // the seed's writes reach disk now, not during the measurement
    // As the API claims: one round trip, the routine's own transaction, admitted CLAIM_CONCURRENCY at a time.
    const admit = pLimit(Number(process.env.CLAIM_CONCURRENCY ?? new EnvironmentVariables().CLAIM_CONCURRENCY));
    const product = (r: string) => admit(() => claimNext(ds.manager, r, new Date(), 'pull'));
    // The limit: one SKIP LOCKED statement in its own transaction, no reviewer gate, no audit.
    const raw = (r: string) =>
      ds.query(
        `UPDATE exceptions SET status = 'assigned', assignee_id = $1, claimed_at = now() WHERE id = (
        SELECT id FROM exceptions WHERE status = 'open' AND assignee_id IS NULL ORDER BY priority DESC, created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id`,
        [r],
      );
    // Warm every pooled connection (each plans the claim routine and the raw statement on its first call, as
    // a long-running API's connections have long done): 40 at once, twice, for each.
    for (let round = 0; round < 2; round++) {
      await Promise.all(Array.from({ length: 40 }, (_, i) => product(reviewers[(round * 40 + i) % 200])));
      await Promise.all(Array.from({ length: 40 }, (_, i) => raw(reviewers[(round * 40 + i + 7) % 200])));
    }
    // Routing's push check for a group of new items (withPushCandidates), 200 reviewers online: 50 random open items, 20 times.
    const pushMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const ids: { id: string }[] = await ds.query(
        `SELECT id FROM exceptions WHERE status = 'open' ORDER BY random() LIMIT 50`,
      );
      const a = process.hrtime.bigint();
      await withPushCandidates(
        ds.manager,
        ids.map((r) => ({ exceptionId: r.id })),
        new Date(),
      );
      pushMs.push(Number(process.hrtime.bigint() - a) / 1e6);
    }
    pushMs.sort((a, b) => a - b);
    log(`push check of 50 items: p50 ${f1(pct(pushMs, 50))} ms, max ${f1(pushMs[pushMs.length - 1])} ms`);
    rows.push({
      path: `routing's push check (withPushCandidates) for 50 new items, 200 reviewers online, ${f0(SIZES.open)} open`,
      product: `p50 ${f1(pct(pushMs, 50))} ms, max ${f1(pushMs[pushMs.length - 1])} ms (20 groups)`,
      limit: '—',
      ratio: '—',
    });
    const paced = async (fn: (r: string) => Promise<unknown>, perSecond: number, seconds: number) => {
      const lat: number[] = [];
      const total = perSecond * seconds;
      const t0 = Date.now();
      const inflight: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / perSecond;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        inflight.push(
          (async () => {
            const a = process.hrtime.bigint();
            await fn(reviewers[i % 200]);
            lat.push(Number(process.hrtime.bigint() - a) / 1e6);
          })(),
        );
      }
      await Promise.all(inflight);
      lat.sort((a, b) => a - b);
      return { achieved: total / ((Date.now() - t0) / 1000), lat };
    };
    const burst = async (fn: (r: string) => Promise<unknown>) => {
      const lat: number[] = [];
      await Promise.all(
        reviewers.map(async (r) => {
          const a = process.hrtime.bigint();
          await fn(r);
          lat.push(Number(process.hrtime.bigint() - a) / 1e6);
        }),
      );
      return lat.sort((a, b) => a - b);
    };
    // Interleaved so that both meet the same machine: product, raw, product, raw.
    const pp = await paced(product, 200, SIZES.pacedSeconds / 2);
    const rp = await paced(raw, 200, SIZES.pacedSeconds / 2);
    const pp2 = await paced(product, 200, SIZES.pacedSeconds / 2);
    const rp2 = await paced(raw, 200, SIZES.pacedSeconds / 2);
    const pLat = [...pp.lat, ...pp2.lat].sort((a, b) => a - b),
      rLat = [...rp.lat, ...rp2.lat].sort((a, b) => a - b);
    // 1,000/s offered: what the claim path achieves and its latency beside the raw statement.
    const fast = Math.max(1, SIZES.pacedSeconds / 5);
    const pf = await paced(product, 1000, fast);
    const rf = await paced(raw, 1000, fast);
    const pb = await burst(product),
      rb = await burst(raw);
    // One burst each is one sample of a tail on a shared machine (the same commit measured 0.9–2.3 ×): four
    // more pairs, alternating which goes first, and the median of the five pairs' p99 ratios.
    const pairs = [{ p: pct(pb, 99), r: pct(rb, 99) }];
    for (let i = 1; i < 5; i++) {
      const first = i % 2 ? 'r' : 'p';
      const a = pct(await burst(first === 'p' ? product : raw), 99);
      const b = pct(await burst(first === 'p' ? raw : product), 99);
      pairs.push(first === 'p' ? { p: a, r: b } : { p: b, r: a });
    }
    const pairRatios = pairs.map((x) => x.p / x.r).sort((a, b) => a - b);
    const [{ doubled }] = await ds.query(
      `SELECT count(*)::int AS doubled FROM (SELECT exception_id FROM exception_work_periods WHERE ended_at IS NULL GROUP BY 1 HAVING count(*) > 1) d`,
    );
    log(
      `claims paced 200/s: product p50 ${f1(pct(pLat, 50))} p99 ${f1(pct(pLat, 99))} ms; raw p50 ${f1(pct(rLat, 50))} p99 ${f1(pct(rLat, 99))} ms; burst p99 product ${f1(pct(pb, 99))} raw ${f1(pct(rb, 99))}, median of 5 pairs ${f2(pairRatios[2])} ×; held twice ${doubled}`,
    );
    rows.push({
      path: `review/next claim (in process, no HTTP) paced 200/s, 200 reviewers, ${f0(SIZES.open)} open`,
      product: `p50 ${f1(pct(pLat, 50))} ms, p99 ${f1(pct(pLat, 99))} ms (${f0((pp.achieved + pp2.achieved) / 2)}/s achieved; ${doubled} held twice)`,
      limit: `raw SKIP LOCKED p50 ${f1(pct(rLat, 50))} ms, p99 ${f1(pct(rLat, 99))} ms`,
      ratio: `p99 ${f1(pct(pLat, 99) / pct(rLat, 99))} ×`,
    });
    log(
      `claims paced 1,000/s: product ${f0(pf.achieved)}/s p50 ${f1(pct(pf.lat, 50))} p99 ${f1(pct(pf.lat, 99))} ms; raw ${f0(rf.achieved)}/s p50 ${f1(pct(rf.lat, 50))} p99 ${f1(pct(rf.lat, 99))} ms`,
    );
    rows.push({
      path: `review/next claim (in process, no HTTP) paced 1,000/s for ${fast} s, 200 reviewers`,
      product: `${f0(pf.achieved)}/s achieved, p50 ${f1(pct(pf.lat, 50))} ms, p99 ${f1(pct(pf.lat, 99))} ms`,
      limit: `raw ${f0(rf.achieved)}/s, p50 ${f1(pct(rf.lat, 50))} ms, p99 ${f1(pct(rf.lat, 99))} ms`,
      ratio: `rate ${f2(pf.achieved / rf.achieved)}, p99 ${f1(pct(pf.lat, 99) / pct(rf.lat, 99))} ×`,
    });
    rows.push({
      path: 'review/next claim, burst of 200 at once',
      product: `p50 ${f1(pct(pb, 50))} ms, p99 ${f1(pct(pb, 99))} ms`,
      limit: `raw p50 ${f1(pct(rb, 50))} ms, p99 ${f1(pct(rb, 99))} ms`,
      ratio: `p99 ${f1(pct(pb, 99) / pct(rb, 99))} ×`,
    });
    rows.push({
      path: 'review/next claim, burst of 200 at once, 5 pairs alternated (the first is the row above)',
      product: `p99 ${pairs.map((x) => f1(x.p)).join(', ')} ms`,
      limit: `raw p99 ${pairs.map((x) => f1(x.r)).join(', ')} ms`,
      ratio: `p99 median ${f2(pairRatios[2])} × (${f2(pairRatios[0])}–${f2(pairRatios[4])})`,
    });
  } finally {
    if (!process.env.BENCH_KEEP_SCHEMA)
      await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await ds.destroy();
  }
}

/**
 * The metrics endpoints over HTTP on a year of demo data (1,000,000 invoices; 100,000 with --quick), by
 * bench/metrics.bench.ts in a child process. Its schema (bench_metrics_<n>) is kept, so the data is
 * generated once per machine and later runs measure straight away.
 */
async function metrics(): Promise<void> {
  const n = SIZES.metricsInvoices;
  const out = execFileSync(
    process.execPath,
    [
      join(ROOT, 'scripts/demo-data/ts-run.mjs'),
      join(ROOT, 'bench/metrics.bench.ts'),
      '--invoices',
      String(n),
      '--requests',
      String(SIZES.metricsRequests),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: DB_URL, BENCH_SCHEMA: `bench_metrics_${n}` },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`metrics bench printed no result: ${out.slice(-1000)}`);
  const r = JSON.parse(line.slice('BENCH_RESULT '.length)) as {
    invoices: number;
    endpoints: { name: string; p50: number; p95: number }[];
    worstP95: number;
    scrapeMs: number;
  };
  const worst = r.endpoints.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  log(`metrics: worst p95 ${f1(r.worstP95)} ms (${worst.name}) on ${f0(r.invoices)} invoices`);
  rows.push({
    path: `metrics endpoints over HTTP, ${f0(r.invoices)} invoices (${r.endpoints.length} endpoints × ${SIZES.metricsRequests} sequential requests)`,
    product: `worst p95 ${f1(r.worstP95)} ms (${worst.name}); median p50 ${f1(r.endpoints.map((e) => e.p50).sort((a, b) => a - b)[Math.floor(r.endpoints.length / 2)])} ms; Prometheus scrape ${f1(r.scrapeMs)} ms`,
    limit: 'target p95 < 100 ms',
    ratio: f2(r.worstP95 / 100),
  });
}

async function main(): Promise<void> {
  const startLoad = loadavg();
  const started = new Date();
  const parts = (process.env.BENCH_PARTS ?? 'validation,claims,intake,metrics').split(',');
  log(`bench ${quick ? '--quick ' : ''}parts ${parts.join(', ')}`);
  // A part that fails (e.g. end to end not done within the timeout on a loaded machine) is noted and the
  // table of the other parts is still written.
  const part = async (name: string, fn: () => void | Promise<void>) => {
    if (!parts.includes(name)) return;
    try {
      await fn();
    } catch (e) {
      log(`${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      notes.push(`- ${name} did not complete: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  await part('validation', validation);
  await part('claims', claims);
  await part('intake', intake);
  await part('metrics', metrics);
  const endLoad = loadavg();
  const commit = (() => {
    try {
      return require('node:child_process').execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    } catch {
      return '?';
    }
  })();
  const md = [
    `# Bench ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (--quick)' : ''}`,
    '',
    `Commit ${commit}; load average at start ${startLoad.map((x) => x.toFixed(1)).join(' ')}, at end ${endLoad.map((x) => x.toFixed(1)).join(' ')} (2 cores, shared).`,
    '',
    '| path | product | limit, same run | ratio |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.path} | ${r.product} | ${r.limit} | ${r.ratio} |`),
    '',
    ...notes,
    '',
  ].join('\n');
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().slice(0, 10)}${quick ? '-quick' : ''}.md`);
  // One file per day: a later run of the day is added below the earlier ones.
  appendFileSync(file, `${existsSync(file) ? '\n\n' : ''}${md}`);
  console.log(`\n${md}\nwritten to ${file}`);
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
