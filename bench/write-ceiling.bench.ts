/**
 * The batch target's ceiling (issue 16: batch end to end ≥ 0.3 × COPY on two connections): what the product's
 * own writes of a batch cost, with nothing else running — no HTTP, no rules, no master-data reads, no Redis, no
 * exceptions — beside COPY of the same invoices in the same schema. Three write sets, each in a schema of its
 * own, batches of 1,000 on two connections as the bench's batch part posts them:
 *
 * - intake: the API's intake statements as they are (InvoiceStoreService.insertMany in one transaction a batch);
 * - intake + today's state changes: then, a batch at a time, the start of a run (the invoices locked and read,
 *   `validating` with its audit event) and a touchless verdict (run provenance, `ready`, its audit event), each
 *   in its own transaction, through the repository calls the worker makes (sent one by one, where the worker
 *   combines some of them into one statement: a round trip more, not more work for PostgreSQL); one group of
 *   1,000 where the worker's are ~30;
 * - intake + the verdict's records at intake: the run provenance and the verdict's audit event written in the
 *   intake's own transaction, no status update (what an invoice judged at intake would need).
 *
 * The ratio of each to COPY is an upper bound of what the end-to-end batch path can reach with that write set:
 * validation's reads and rules, the HTTP request and the queue hand-off all come on top.
 *
 *   node scripts/demo-data/ts-run.mjs bench/write-ceiling.bench.ts [invoices=50000] [rounds=1]
 *
 * Uses schemas of its own on DATABASE_URL (or TEST_DATABASE_URL), dropped at the end.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import type { CanonicalInvoice } from '@app/domain';
import {
  type AuditEventInput,
  FindingsRepository,
  InvoicesRepository,
  recordAudits,
  type RunProvenance,
  SYSTEM,
} from '@app/persistence';
import { RULE_PACKS } from '@app/rules';
import { createIntegration } from '@app/testing';
import { InvoiceStoreRepository } from '../apps/api/src/modules/intake/invoice-store.repository';
import { InvoiceStoreService } from '../apps/api/src/modules/intake/invoice-store.service';
import { copyLimit } from './lib/copy-limit';
import { cpuSnapshot } from './lib/cpu-split';
import { schemaDataSource } from './lib/schema-data-source';
import { intakeTraffic } from './lib/intake-traffic';

const DB_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 1_000;
const LANES = 2;

type WriteSet = 'intake' | 'intake + state changes' | 'intake + verdict records';
const WRITE_SETS: WriteSet[] = ['intake', 'intake + state changes', 'intake + verdict records'];

const PACKS = RULE_PACKS.all().map((p) => ({ name: p.name, version: p.version, contentHash: p.contentHash }));
const SETTINGS_HASH = createHash('sha256').update('write-ceiling').digest('hex');

const runsOf = (ids: string[]): RunProvenance[] =>
  ids.map((invoiceId) => ({ invoiceId, run: 1, packs: PACKS, settingsHash: SETTINGS_HASH, findings: 0, blocking: 0 }));

const touchless = (ids: string[], from: string): AuditEventInput[] =>
  ids.map((id) => ({
    aggregateType: 'invoice',
    aggregateId: id,
    action: 'validated_touchless',
    fromState: from,
    toState: 'ready',
    actor: SYSTEM,
    reason: 'no blocking finding',
    data: { run: 1, findings: 0, blocking: 0, stored: 0, suppressed: {}, routeKeys: [] },
  }));

/** The product's writers of a schema, as the API and worker hold them. */
function writersOf(ds: DataSource) {
  return {
    ds,
    store: new InvoiceStoreService(ds, new InvoiceStoreRepository()),
    invoices: new InvoicesRepository(ds),
    findings: new FindingsRepository(ds),
  };
}

/** One batch written as the write set says. */
async function writeBatch(
  { ds, store, invoices, findings }: ReturnType<typeof writersOf>,
  set: WriteSet,
  integrationId: string,
  batch: CanonicalInvoice[],
) {
  const docs = batch.map((invoice) => ({ format: 'json' as const, invoice }));
  const ids = await ds.transaction(async (em) => {
    const out = (await store.insertMany(em, integrationId, 'batch', docs)).map((r) => r.id);
    if (set === 'intake + verdict records') {
      await findings.insertRuns(em, runsOf(out));
      await recordAudits(em, touchless(out, 'received'));
    }
    return out;
  });
  if (set !== 'intake + state changes') return;
  await ds.transaction(async (em) => {
    await invoices.lockForValidation(em, ids);
    await invoices.markValidating(
      em,
      ids.map((id) => ({ id, attempts: 1, retryDelaySeconds: 60 })),
    );
    await recordAudits(
      em,
      ids.map((id) => ({
        aggregateType: 'invoice',
        aggregateId: id,
        action: 'validation_started',
        fromState: 'received',
        toState: 'validating',
        actor: SYSTEM,
        data: { run: 1 },
      })),
    );
  });
  await ds.transaction(async (em) => {
    await invoices.lockRunStates(em, ids);
    await findings.insertRuns(em, runsOf(ids));
    await invoices.markManyValidated(
      em,
      ids.map((id) => ({ id, status: 'ready', run: 1 })),
    );
    await recordAudits(em, touchless(ids, 'validating'));
  });
}

async function measure(set: WriteSet, invoices: CanonicalInvoice[], round: number) {
  const schema = `bench_ceiling_${process.pid}_${round}_${WRITE_SETS.indexOf(set)}`;
  // The name carries this process's id and the round: the schema is new.
  const ds = await schemaDataSource(DB_URL, schema, LANES + 2);
  try {
    const { id: integrationId } = await createIntegration(ds, 'ceiling');
    const writers = writersOf(ds);
    // A first batch unmeasured: the pool's connections prepare their statements and the tables leave empty.
    await writeBatch(
      writers,
      set,
      integrationId,
      intakeTraffic(BATCH, (i) => `-warm-${i}`),
    );
    const batches: CanonicalInvoice[][] = [];
    for (let i = 0; i < invoices.length; i += BATCH) batches.push(invoices.slice(i, i + BATCH));
    let next = 0;
    const before = await cpuSnapshot(ds, process.pid);
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (next < batches.length) await writeBatch(writers, set, integrationId, batches[next++]);
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const after = await cpuSnapshot(ds, process.pid);
    const rate = invoices.length / seconds;
    const copy = await copyLimit(ds, DB_URL, invoices, integrationId);
    const per = (ms: number) => (ms / invoices.length).toFixed(2);
    console.log(
      `round ${round} ${set}: ${Math.round(rate).toLocaleString('en-US')} invoices/s; COPY ${Math.round(copy).toLocaleString('en-US')}/s; ` +
        `ratio ${(rate / copy).toFixed(2)}; CPU an invoice: this process ${per(after.api - before.api)} ms, ` +
        `PostgreSQL ${per(after.postgres - before.postgres)} ms (load ${loadavg()[0].toFixed(1)})`,
    );
  } finally {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 50_000);
  const rounds = Number(process.argv[3] ?? 1);
  const invoices = intakeTraffic(n, (i) => `-${i}`);
  for (let round = 1; round <= rounds; round++) {
    // Order alternated round by round, so that no write set always meets the machine first.
    const order = round % 2 ? WRITE_SETS : [...WRITE_SETS].reverse();
    for (const set of order) await measure(set, invoices, round);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
