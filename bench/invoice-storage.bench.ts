/**
 * What PostgreSQL spends to write an invoice at intake and to read it back at the start of its validation
 * run, in the backend's own CPU time (utime + stime of the connection's backend from /proc, so other load on
 * the machine does not count), for two ways of storing invoices alternated round by round in two throwaway
 * schemas:
 * - `compression` (the default): the invoice document columns compressed by pglz (PostgreSQL's default) and
 *   by lz4 (what the migrations set where the server has it);
 * - `ids`: invoice ids random (UUID version 4) and time-ordered (version 7, what intake makes), both lz4.
 * What is measured:
 * - write: InvoiceStoreService.insertMany (advisory locks, originals, one statement for invoice and
 *   audit) for a group of the bench's intake traffic, committed;
 * - read: InvoicesRepository.lockForValidation on the same invoices (the document and its header fields).
 * Both schemas are ANALYZEd after their first two rounds, as intake's own maintenance would.
 *
 *   node scripts/demo-data/ts-run.mjs bench/invoice-storage.bench.ts [rounds=21] [group=2000] [compression|ids]
 *
 * Prints µs per invoice per round and the median of the paired second / first ratios (the first two rounds,
 * before ANALYZE, left out). The backend's CPU is counted in ticks of 10 ms: a group of 2,000 reads in steps
 * of 5 µs per invoice (the read, run 4 times, of 1.25 µs). Needs PostgreSQL on this machine (its /proc) and lz4 in the server.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { InvoicesRepository, runMigrations, typeOrmOptions } from '@app/persistence';
import { createIntegration, createTestEnvironment } from '@app/testing';
import { newInvoiceId, serializeInvoice } from '../apps/api/src/modules/intake/invoice-rows';
import { InvoiceStoreRepository } from '../apps/api/src/modules/intake/invoice-store.repository';
import { InvoiceStoreService } from '../apps/api/src/modules/intake/invoice-store.service';
import { processCpuMs } from './lib/cpu-split';
import { intakeTraffic } from './lib/intake-traffic';

function quartiles(a: number[]): string {
  const s = [...a].sort((x, y) => x - y);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(3);
  return `${at(0.5)} (quartiles ${at(0.25)}–${at(0.75)})`;
}

/** One way of storing invoices: its document compression and how its invoice ids are made. */
interface Variant {
  name: string;
  compression: 'pglz' | 'lz4';
  id: () => string;
}

const VARIANTS: Record<string, [Variant, Variant]> = {
  compression: [
    { name: 'pglz', compression: 'pglz', id: newInvoiceId },
    { name: 'lz4', compression: 'lz4', id: newInvoiceId },
  ],
  ids: [
    { name: 'v4', compression: 'lz4', id: randomUUID },
    { name: 'v7', compression: 'lz4', id: newInvoiceId },
  ],
};

interface Side {
  name: string;
  id: () => string;
  cleanup: () => Promise<void>;
  qr: QueryRunner;
  pid: number;
  integrationId: string;
  store: InvoiceStoreService;
  invoices: InvoicesRepository;
  write: number[];
  read: number[];
}

async function side({ name, compression, id }: Variant): Promise<Side> {
  const env = await createTestEnvironment(`bench_storage_${name}`);
  const ds = new DataSource(typeOrmOptions({ url: env.databaseUrl, schema: env.schema, poolSize: 2 }));
  await ds.initialize();
  await runMigrations(ds);
  await ds.query(
    `ALTER TABLE invoices ALTER COLUMN canonical SET COMPRESSION ${compression}, ALTER COLUMN raw_document SET COMPRESSION ${compression}`,
  );
  const { id: integrationId } = await createIntegration(ds, `storage bench ${name}`);
  const qr = ds.createQueryRunner();
  await qr.connect();
  const [{ pid }] = await qr.query(`SELECT pg_backend_pid() AS pid`);
  return {
    name,
    id,
    qr,
    pid,
    integrationId,
    store: new InvoiceStoreService(ds, new InvoiceStoreRepository()),
    invoices: new InvoicesRepository(ds),
    write: [],
    read: [],
    cleanup: async () => {
      await qr.release();
      await ds.destroy();
      await env.cleanup();
    },
  };
}

/** The read is repeated (in its transaction) so that it spans enough 10 ms ticks. */
const READS = 4;

async function round(s: Side, r: number, group: number): Promise<void> {
  // Serialised with the side's ids, as intake serialises a body it has read.
  const docs = intakeTraffic(group, (i) => `-${s.name}${r}-${i}`).map((invoice) => ({
    format: 'json' as const,
    invoice,
    serialized: serializeInvoice(invoice, s.id()),
  }));
  await s.qr.startTransaction();
  let t0 = processCpuMs(s.pid);
  const stored = await s.store.insertMany(s.qr.manager, s.integrationId, 'batch', docs);
  await s.qr.commitTransaction();
  s.write.push(((processCpuMs(s.pid) - t0) * 1000) / group);
  if (r < 2) await s.qr.query(`ANALYZE invoices, audit_events`);
  await s.qr.startTransaction();
  t0 = processCpuMs(s.pid);
  let rows = new Map();
  for (let k = 0; k < READS; k++)
    rows = await s.invoices.lockForValidation(
      s.qr.manager,
      stored.map((x) => x.id),
    );
  s.read.push(((processCpuMs(s.pid) - t0) * 1000) / group / READS);
  await s.qr.rollbackTransaction();
  if (rows.size !== group) throw new Error(`read ${rows.size} of ${group} invoices`);
}

async function main() {
  const rounds = Number(process.argv[2] ?? 21);
  const group = Number(process.argv[3] ?? 2000);
  const compare = process.argv[4] ?? 'compression';
  const variants = VARIANTS[compare];
  if (!variants) throw new Error(`compare one of: ${Object.keys(VARIANTS).join(', ')}`);
  const sides = [await side(variants[0]), await side(variants[1])];
  try {
    for (let r = 0; r < rounds; r++) for (const s of r % 2 ? [...sides].reverse() : sides) await round(s, r, group);
    const [a, b] = sides;
    for (const s of sides) {
      console.log(`${s.name} write µs per invoice: ${s.write.map((v) => v.toFixed(0)).join(' ')}`);
      console.log(`${s.name} read µs per invoice:  ${s.read.map((v) => v.toFixed(0)).join(' ')}`);
    }
    const paired = (x: number[], y: number[]) => y.map((v, i) => v / x[i]).slice(2);
    console.log(
      `PostgreSQL backend CPU, ${rounds} rounds of ${group} invoices, ${b.name} / ${a.name} paired: ` +
        `write ${quartiles(paired(a.write, b.write))}, read ${quartiles(paired(a.read, b.read))}`,
    );
  } finally {
    for (const s of sides) await s.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
