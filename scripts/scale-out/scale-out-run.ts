/**
 * Scale-out proof: two API processes and two worker processes on one PostgreSQL schema and one Redis
 * prefix, with intake, reviewers claiming and deciding, and SLA timers all at once. Checks that no
 * invoice was validated twice, no item was held twice, and no SLA warning was lost or fired twice.
 *
 *   node scripts/demo-data/ts-run.mjs scripts/scale-out/scale-out-run.ts [--invoices 240]
 *
 * Works in a schema and a queue prefix of its own (dropped after).
 */
import 'reflect-metadata';
import { ChildProcess, execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { createIntegration, createStaffUser, deleteRedisKeys, sampleInvoice } from '@app/testing';
import { ensureDefaultQueues } from '@app/triage';
import { kill, startChild } from '../shared/child-process';
import { call } from '../shared/http-client';
import { createRunSchema, LoadRunRepository } from '../shared/repositories/load-run.repository';
import { childEnvironment, ROOT, RunConnections, runConnections } from '../shared/run-options';
import { ScaleOutRepository } from './repositories/scale-out.repository';

export interface ScaleOutOptions extends RunConnections {
  invoices: number;
  reviewers?: number;
  /** Items each reviewer decides before stopping (the rest stay open for the SLA timers). */
  decisionsPerReviewer?: number;
}

export interface ScaleOutResult {
  apis: number;
  workers: number;
  accepted: number;
  acceptedPerApi: number[];
  finished: number;
  /** Invoices with more than one validation verdict (or none). */
  validatedTwice: number;
  notValidated: number;
  decisions: number;
  /** Items taken while held by someone (audit trail), and items review/next handed out after they were decided. */
  heldTwice: number;
  claimedAfterDecision: number;
  resolvedTwice: number;
  failedDecisions: number;
  /** Each refused decision: the answer's status and error code, and what the reviewer had done to get the item. */
  refusals: Array<{ status: number; code?: string; message?: string; from: 'work' | 'next' }>;
  /** What the APIs logged when they answered 503 (the PostgreSQL error behind a DATABASE_BUSY). */
  busyCauses: string[];
  /** Exceptions open past their SLA warning time without a warning, and warnings fired twice. */
  warningsDue: number;
  warningsLost: number;
  warningsTwice: number;
  seconds: number;
}

/** One bundle per program (ts-run), each started twice: bundling four times would double the start-up. */
async function bundle(entry: string, tag: string): Promise<string> {
  const out = join(ROOT, 'node_modules', '.cache', 'ts-run', `scale-out-${tag}-${process.pid}.cjs`);
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/demo-data/ts-run.mjs'), join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, TS_RUN_BUNDLE_TO: out },
  });
  return out;
}
const OTHER_IBAN = 'FI4950009420028730';
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', holidays: [] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runScaleOut(o: ScaleOutOptions): Promise<ScaleOutResult> {
  const { dbUrl, redisUrl, log } = runConnections(o);
  const run = `scale_${process.pid}_${Date.now() % 100000}`;
  const prefix = `scale-${process.pid}-${Date.now() % 100000}`;
  const ports = [0, 1].map((i) => 22000 + ((process.pid * 2 + i) % 20000));
  process.env.ARGON2_MEMORY_KIB ??= '4096';
  process.env.ARGON2_TIME_COST ??= '1';

  await createRunSchema(dbUrl, run);
  const ds = new DataSource(typeOrmOptions({ url: dbUrl, schema: run, poolSize: 4 }));
  await ds.initialize();
  const runs = new LoadRunRepository(ds);
  const repo = new ScaleOutRepository(ds);
  const children: ChildProcess[] = [];
  const bundles: string[] = [];
  try {
    await runMigrations(ds);
    await ensureDefaultQueues(ds);
    // The bank-account queue warns 3 s into a one-minute SLA, at any hour: timers fire during the run.
    await repo.timeBankAccountQueue(ALWAYS);
    await runs.addSampleSupplier();
    const integration = await createIntegration(ds, 'scale-out');
    const staff = [];
    for (let i = 0; i < (o.reviewers ?? 4); i++) {
      const u = await createStaffUser(ds, {
        role: 'reviewer',
        reviewer: { countries: ['FI'], categories: ['supplier'], capacity: 3, availability: 'online', timeZone: 'UTC' },
      });
      await repo.setWorkingHours(u.id, ALWAYS);
      staff.push(u);
    }

    const env = (port: number) => ({
      ...childEnvironment({ dbUrl, schema: run, redisUrl, prefix, port, reconcileSeconds: 5, logLevel: 'warn' }),
      ARGON2_MEMORY_KIB: process.env.ARGON2_MEMORY_KIB!,
      ARGON2_TIME_COST: process.env.ARGON2_TIME_COST!,
    });
    const started = Date.now();
    const [apiBundle, workerBundle] = await Promise.all([
      bundle('apps/api/src/main.ts', 'api'),
      bundle('apps/worker/src/main.ts', 'worker'),
    ]);
    bundles.push(apiBundle, workerBundle);
    children.push(
      ...(await Promise.all([
        ...ports.map((p) => startChild(`api:${p}`, apiBundle, env(p), /listening/i)),
        startChild('worker 1', workerBundle, env(ports[0]), /Worker started/),
        startChild('worker 2', workerBundle, env(ports[0]), /Worker started/),
      ])),
    );
    log(`2 APIs (ports ${ports.join(', ')}) and 2 workers up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The APIs' warnings: a 503 says why PostgreSQL could not serve the request.
    const busyCauses: string[] = [];
    const hear = (d: Buffer) => {
      for (const line of d.toString().split('\n'))
        if (line.includes('answered 503') && busyCauses.length < 20) busyCauses.push(line.slice(0, 500));
    };
    for (const api of children.slice(0, 2)) {
      api.stdout!.on('data', hear);
      api.stderr!.on('data', hear);
    }
    const t0 = Date.now();

    const tokens: string[] = [];
    for (const [i, u] of staff.entries()) {
      const r = await call(ports[i % 2], 'POST', '/v1/auth/login', {}, { email: u.email, password: u.password });
      if (r.status !== 200) throw new Error(`login ${r.status}: ${JSON.stringify(r.json)}`);
      tokens.push(r.json.accessToken);
    }

    // Intake: half the invoices touchless, half with an IBAN not on file (an exception in the timed queue).
    const accepted: string[] = [];
    const acceptedPerApi = [0, 0];
    let next = 0;
    const intake = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < o.invoices) {
          const i = next++;
          const port = i % 2;
          const seller = { ...sampleInvoice().seller, ...(i % 2 ? { iban: OTHER_IBAN } : {}) };
          const r = await call(
            ports[port],
            'POST',
            '/v1/invoices',
            { 'x-api-key': integration.apiKey },
            {
              ...sampleInvoice({ invoiceNumber: `SCALE-${i}`, seller }),
            },
          );
          if (r.status !== 202) throw new Error(`intake ${r.status}: ${JSON.stringify(r.json)}`);
          accepted.push(r.json.id);
          acceptedPerApi[port]++;
        }
      }),
    );

    // Reviewers, each through both APIs: decide what the router pushed to them, else pull the next item.
    const claimed = new Map<string, number>();
    let decisions = 0;
    const refusals: ScaleOutResult['refusals'] = [];
    let heldTwiceByApi = 0;
    const reviewers = Promise.all(
      tokens.map(async (token, n) => {
        const auth = { authorization: `Bearer ${token}` };
        let done = 0;
        let idle = 0;
        for (let k = 0; done < (o.decisionsPerReviewer ?? 25) && idle < 300; k++) {
          const port = ports[(n + k) % 2];
          const work = await call(port, 'GET', '/v1/me/work', auth);
          let id: string | undefined = (work.json?.items ?? [])[0]?.id;
          const from = id ? 'work' : 'next';
          if (!id) {
            const r = await call(port, 'POST', '/v1/review/next', auth);
            if (r.status === 200) {
              id = r.json.id ?? r.json.exception?.id;
              if (id && claimed.has(id)) heldTwiceByApi++;
            }
          }
          if (!id) {
            idle++;
            await sleep(100);
            continue;
          }
          claimed.set(id, (claimed.get(id) ?? 0) + 1);
          const res = await call(port, 'POST', `/v1/exceptions/${id}/resolve`, auth, {
            decision: 'reject',
            reason: 'account not on file',
          });
          if (res.status === 200) {
            decisions++;
            done++;
          } else {
            const error = res.json?.error;
            refusals.push({ status: res.status, code: error?.code, message: error?.message, from });
          }
        }
      }),
    );
    await intake;
    log(`posted ${accepted.length} invoices in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await reviewers;
    log(`${decisions} decisions, ${refusals.length} refused`);

    let finished = 0;
    for (const until = Date.now() + 60_000; Date.now() < until; await sleep(250)) {
      finished = await runs.finished(accepted);
      if (finished === accepted.length) break;
    }
    // Every open item's warning is due 3 s after it opened: give the timers that, plus a margin.
    const last = await repo.lastWarningAt();
    if (last) await sleep(Math.min(Math.max(0, new Date(last).getTime() - Date.now()), 10_000) + 3000);

    const v = await repo.verdicts(accepted);
    const heldTwice = await repo.heldTwice();
    const resolvedTwice = await repo.resolvedTwice();
    const timers = await repo.warnings();
    const result: ScaleOutResult = {
      apis: 2,
      workers: 2,
      accepted: accepted.length,
      acceptedPerApi,
      finished,
      validatedTwice: v.twice,
      notValidated: v.none,
      decisions,
      heldTwice,
      claimedAfterDecision: heldTwiceByApi,
      resolvedTwice,
      failedDecisions: refusals.length,
      refusals,
      busyCauses,
      warningsDue: timers.due,
      warningsLost: timers.lost,
      warningsTwice: timers.twice,
      seconds: (Date.now() - t0) / 1000,
    };
    log(JSON.stringify(result));
    return result;
  } finally {
    await Promise.all(children.map((p) => kill(p, 'SIGTERM')));
    for (const b of bundles) rmSync(b, { force: true });
    await runs.dropSchema(run).catch(() => undefined);
    await ds.destroy();
    await deleteRedisKeys(redisUrl, `{${prefix}}*`).catch(() => undefined);
  }
}

if (process.argv[1]?.includes('scale-out-run')) {
  const i = process.argv.indexOf('--invoices');
  runScaleOut({ invoices: i > 0 ? Number(process.argv[i + 1]) : 240 })
    .then((r) =>
      process.exit(
        r.validatedTwice || r.notValidated || r.heldTwice || r.claimedAfterDecision || r.resolvedTwice || r.warningsLost
          ? 1
          : 0,
      ),
    )
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
