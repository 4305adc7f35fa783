/**
 * Chaos under load: invoices posted at full speed while the worker is SIGKILLed and restarted, the API
 * is SIGKILLed mid-request and restarted, and this run's Redis keys are deleted (never FLUSHALL: the
 * Redis may be shared). With --postgres-restart it also restarts PostgreSQL (`PG_RESTART_COMMAND`,
 * default `pg_ctlcluster --mode fast 16 main restart`): only on a machine of your own.
 *
 *   node scripts/demo-data/ts-run.mjs scripts/chaos/chaos-run.ts [--invoices 10000] [--postgres-restart]
 *
 * A client that gets no answer retries with the same Idempotency-Key, as integrations are told to.
 * Prints accepted / finished / lost / duplicated / time to drain. Works in a schema and a queue prefix
 * of its own (dropped after).
 */
import 'reflect-metadata';
import { ChildProcess, execSync, spawn } from 'node:child_process';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { createIntegration, deleteRedisKeys, sampleInvoice } from '@app/testing';
import { ensureDefaultQueues } from '@app/triage';

export interface ChaosOptions {
  invoices: number;
  concurrency?: number;
  postgresRestart?: boolean;
  drainTimeoutMs?: number;
  databaseUrl?: string;
  redisUrl?: string;
  log?: (line: string) => void;
}

export interface ChaosResult {
  posted: number;
  accepted: number;
  finished: number;
  lost: number;
  duplicated: number;
  failed: number;
  drainSeconds: number;
  totalSeconds: number;
  events: string[];
}

const ROOT = resolve(__dirname.includes('.cache') ? process.cwd() : join(__dirname, '..', '..'));
const FINAL = ['ready', 'in_review', 'rejected', 'returned_to_supplier', 'duplicate', 'failed'];

/** Starts `entry` (a TypeScript entry point, or a bundle made by ts-run with TS_RUN_BUNDLE_TO when it ends in .cjs). */
export function startChild(
  name: string,
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildProcess> {
  const args = entry.endsWith('.cjs') ? [entry] : [join(ROOT, 'scripts/demo-data/ts-run.mjs'), join(ROOT, entry)];
  const p = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`${name} did not start: ${out.slice(-2000)}`)), 120_000);
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        res(p);
      }
    });
    p.stderr!.on('data', (d: Buffer) => {
      out = (out + d.toString()).slice(-20_000);
    });
    p.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`${name} exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

export function kill(p: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode) return Promise.resolve();
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill(signal);
  return exited;
}

function post(port: number, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/invoices',
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => res({ status: r.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        r.on('error', rej);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', rej);
    req.end(body);
  });
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? ((l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`));
  const dbUrl =
    o.databaseUrl ??
    process.env.DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const run = `chaos_${process.pid}_${Date.now() % 100000}`;
  const prefix = `chaos-${process.pid}-${Date.now() % 100000}`;
  const port = 21000 + (process.pid % 20000);
  const events: string[] = [];
  const event = (e: string) => {
    events.push(e);
    log(e);
  };

  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  await c.query(`CREATE SCHEMA IF NOT EXISTS "${run}"`);
  await c.end();
  const ds = new DataSource(typeOrmOptions({ url: dbUrl, schema: run, poolSize: 4 }));
  await ds.initialize();
  await runMigrations(ds);
  await ensureDefaultQueues(ds);
  const [s] = await ds.query(
    `INSERT INTO suppliers (name, vat_id, country_code, payment_terms_days) VALUES ('Acme Oy','FI02089088','FI',30) RETURNING id`,
  );
  await ds.query(`INSERT INTO supplier_bank_accounts (supplier_id, iban) VALUES ($1,'FI2112345600000785')`, [s.id]);
  const integration = await createIntegration(ds, 'chaos');

  const env = {
    DATABASE_URL: dbUrl,
    DATABASE_SCHEMA: run,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    RECONCILE_EVERY_SECONDS: '2',
    RECONCILE_STALE_SECONDS: '2',
  };
  const startApi = () => startChild('api', 'apps/api/src/main.ts', env, /listening/i);
  const startWorker = () => startChild('worker', 'apps/worker/src/main.ts', env, /Worker started/);
  let [api, worker] = await Promise.all([startApi(), startWorker()]);
  let apiUp: Promise<unknown> = Promise.resolve();

  const t0 = Date.now();
  const accepted = new Map<string, string>(); // idempotency key → invoice id
  const duplicateAnswers = new Set<string>();
  let posted = 0;
  let next = 0;
  const chaosAt = (share: number) => Math.floor(o.invoices * share);
  const chaos = new Map<number, () => Promise<void>>([
    [
      chaosAt(0.2),
      async () => {
        event(`SIGKILL worker (pid ${worker.pid})`);
        await kill(worker, 'SIGKILL');
        worker = await startWorker();
        event('worker restarted');
      },
    ],
    [
      chaosAt(0.4),
      async () => {
        event(`SIGKILL API mid-request (pid ${api.pid})`);
        await kill(api, 'SIGKILL');
        apiUp = startApi().then((p) => {
          api = p;
          event('API restarted');
        });
      },
    ],
    [
      chaosAt(0.6),
      async () => {
        const n = await deleteRedisKeys(redisUrl, `{${prefix}}*`);
        event(`Redis: deleted this run's ${n} keys (as a flush would)`);
      },
    ],
    ...(o.postgresRestart
      ? [
          [
            chaosAt(0.8),
            async () => {
              event('restarting PostgreSQL');
              execSync(process.env.PG_RESTART_COMMAND ?? 'pg_ctlcluster --mode fast 16 main restart', {
                stdio: 'inherit',
              });
              event('PostgreSQL restarted');
            },
          ] as [number, () => Promise<void>],
        ]
      : []),
  ]);
  const pendingChaos: Promise<void>[] = [];

  await Promise.all(
    Array.from({ length: o.concurrency ?? 16 }, async () => {
      while (next < o.invoices) {
        const i = next++;
        const hook = chaos.get(i);
        if (hook) pendingChaos.push(hook().catch((e) => event(`chaos step failed: ${(e as Error).message}`)));
        const idempotencyKey = `${run}-${i}`;
        const body = JSON.stringify(sampleInvoice({ invoiceNumber: `CHAOS-${i}` }));
        posted++;
        for (let attempt = 0; ; attempt++) {
          try {
            await apiUp;
            const r = await post(port, body, { 'x-api-key': integration.apiKey, 'idempotency-key': idempotencyKey });
            if (r.status === 202) {
              const id = JSON.parse(r.body).id as string;
              const earlier = accepted.get(idempotencyKey);
              if (earlier && earlier !== id) duplicateAnswers.add(idempotencyKey);
              accepted.set(idempotencyKey, id);
              break;
            }
            if (r.status < 500 && r.status !== 429) throw new Error(`answer ${r.status}: ${r.body.slice(0, 200)}`);
          } catch (e) {
            if ((e as Error).message.startsWith('answer ')) throw e;
          }
          if (attempt > 600) throw new Error(`invoice ${i} not accepted after ${attempt} tries`);
          await new Promise((r) => setTimeout(r, 100)); // no answer (API down) or 5xx: the client retries with the same key
        }
      }
    }),
  );
  await Promise.all(pendingChaos);
  const postedAt = Date.now();
  event(
    `posted ${posted} in ${((postedAt - t0) / 1000).toFixed(1)} s; waiting for every accepted invoice to reach a final status`,
  );

  const ids = [...accepted.values()];
  const deadline = Date.now() + (o.drainTimeoutMs ?? 600_000);
  let finished = 0;
  for (;;) {
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM invoices WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[])`,
      [ids, FINAL],
    );
    finished = n;
    if (finished === ids.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const drainSeconds = (Date.now() - postedAt) / 1000;
  const [{ rows, lost, dupVerdicts, dupRows, failed }] = await ds.query(
    `SELECT (SELECT count(*) FROM invoices WHERE integration_id = $2)::int AS rows,
            (SELECT count(*) FROM unnest($1::uuid[]) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM invoices i WHERE i.id = a.id AND i.status = ANY($3::text[])))::int AS lost,
            (SELECT count(*) FROM (SELECT aggregate_id, data->>'run' FROM audit_events WHERE aggregate_type = 'invoice' AND action LIKE 'validated_%'
               AND aggregate_id = ANY($1::uuid[]) GROUP BY 1, 2 HAVING count(*) > 1) d)::int AS "dupVerdicts",
            (SELECT count(*) FROM (SELECT invoice_number FROM invoices WHERE integration_id = $2 GROUP BY 1 HAVING count(*) > 1) d)::int AS "dupRows",
            (SELECT count(*) FROM invoices WHERE id = ANY($1::uuid[]) AND status = 'failed')::int AS failed`,
    [ids, integration.id, FINAL],
  );
  const duplicated = dupVerdicts + dupRows + duplicateAnswers.size;
  const result: ChaosResult = {
    posted,
    accepted: ids.length,
    finished,
    lost,
    duplicated,
    failed,
    drainSeconds,
    totalSeconds: (Date.now() - t0) / 1000,
    events,
  };
  log(
    `accepted ${ids.length} (rows ${rows}) / finished ${finished} / lost ${lost} / duplicated ${duplicated} / failed ${failed} / time to drain ${drainSeconds.toFixed(1)} s`,
  );

  await apiUp.catch(() => undefined);
  await Promise.all([kill(api, 'SIGTERM'), kill(worker, 'SIGTERM')]);
  await ds.query(`DROP SCHEMA IF EXISTS "${run}" CASCADE`).catch(() => undefined);
  await ds.destroy();
  await deleteRedisKeys(redisUrl, `{${prefix}}*`).catch(() => undefined);
  return result;
}

if (process.argv[1]?.includes('chaos-run')) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  runChaos({
    invoices: Number(arg('--invoices') ?? 10_000),
    postgresRestart: process.argv.includes('--postgres-restart'),
  })
    .then((r) => process.exit(r.lost || r.duplicated || r.finished !== r.accepted ? 1 : 0))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
