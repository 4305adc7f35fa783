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
import { execSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { createIntegration, deleteRedisKeys, sampleInvoice } from '@app/testing';
import { ensureDefaultQueues } from '@app/triage';
import { kill, startChild } from '../shared/child-process';
import { request } from '../shared/http-client';
import { createRunSchema, LoadRunRepository } from '../shared/repositories/load-run.repository';
import { childEnvironment, RunConnections, runConnections } from '../shared/run-options';
import { ChaosRepository } from './repositories/chaos.repository';

export interface ChaosOptions extends RunConnections {
  invoices: number;
  concurrency?: number;
  postgresRestart?: boolean;
  drainTimeoutMs?: number;
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

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const { dbUrl, redisUrl, log } = runConnections(o);
  const run = `chaos_${process.pid}_${Date.now() % 100000}`;
  const prefix = `chaos-${process.pid}-${Date.now() % 100000}`;
  const port = 21000 + (process.pid % 20000);
  const events: string[] = [];
  const event = (e: string) => {
    events.push(e);
    log(e);
  };

  await createRunSchema(dbUrl, run);
  const ds = new DataSource(typeOrmOptions({ url: dbUrl, schema: run, poolSize: 4 }));
  await ds.initialize();
  const runs = new LoadRunRepository(ds);
  await runMigrations(ds);
  await ensureDefaultQueues(ds);
  await runs.addSampleSupplier();
  const integration = await createIntegration(ds, 'chaos');

  const env = childEnvironment({ dbUrl, schema: run, redisUrl, prefix, port, reconcileSeconds: 2 });
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
        const headers = { 'x-api-key': integration.apiKey, 'idempotency-key': idempotencyKey };
        posted++;
        for (let attempt = 0; ; attempt++) {
          try {
            await apiUp;
            const r = await request(port, 'POST', '/v1/invoices', headers, body);
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
    finished = await runs.finished(ids);
    if (finished === ids.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const drainSeconds = (Date.now() - postedAt) / 1000;
  const { rows, lost, dupVerdicts, dupRows, failed } = await new ChaosRepository(ds).tally(ids, integration.id);
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
  await runs.dropSchema(run).catch(() => undefined);
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
