import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { FindingsRepository, InvoicesRepository } from '@app/persistence';
import { JobProducer, QueueName } from '@app/queueing';
import { sampleInvoice } from '@app/testing';
import { bootPipelineApi, PipelineApi } from './pipeline.fixtures';
import { InvoiceValidationService } from '../apps/worker/src/validation/invoice-validation.service';
import { ValidationThreadPool } from '../apps/worker/src/validation/validation-thread-pool';
import { WorkerModule } from '../apps/worker/src/worker.module';

/** A buyer country that is no ISO code: a blocking finding (BR-CL-14), so the invoice opens an exception. */
const NOT_A_COUNTRY = {
  name: 'Somewhere AB',
  vatId: 'SW123456789',
  countryCode: 'SW',
  address: { line1: 'Gatan 1', city: 'Town', postalCode: '11111', countryCode: 'SW' },
};

/**
 * Validation writes concurrent invoices' steps together: the runs they start commit in one transaction,
 * the verdicts in another (group commit), instead of two transactions per invoice. A group that cannot
 * be written loses nothing: each invoice is then written on its own, or stays re-processable.
 */
describe('pipeline: concurrent validations share their transactions (PostgreSQL, Redis)', () => {
  let api: PipelineApi;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let key: string;
  let service: InvoiceValidationService;
  let transactions: number;
  let round = 0;

  /** Posts `n` invoices (every third with a blocking defect) and takes their jobs off the paused queue. */
  const received = async (n: number): Promise<string[]> => {
    round++;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const body = sampleInvoice({
        invoiceNumber: `GC-${round}-${i}`,
        ...(i % 3 === 0 ? { buyer: NOT_A_COUNTRY } : {}),
      });
      const res = await app.inject({
        method: 'POST',
        url: '/v1/invoices',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      expect(res.statusCode).toBe(202);
      ids.push(res.json().id);
    }
    await app.get(JobProducer).queue(QueueName.InvoiceValidate).drain();
    return ids;
  };

  /** Every run's rules finish together once `n` have started (so the verdicts are ready at the same time). */
  const gateRules = (n: number) => {
    const threads = worker.get(ValidationThreadPool);
    const run = threads.run.bind(threads);
    let entered = 0;
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    return jest.spyOn(threads, 'run').mockImplementation(async (task) => {
      const result = await run(task);
      if (++entered === n) open();
      await gate;
      return result;
    });
  };

  const rows = async (ids: string[]) =>
    ds.query(
      `SELECT i.id, i.status, i.validation_runs, i.attempts,
              (SELECT count(*)::int FROM validation_runs v WHERE v.invoice_id = i.id) AS runs,
              (SELECT count(*)::int FROM audit_events a WHERE a.aggregate_id = i.id AND a.action = 'validation_started') AS started,
              (SELECT count(*)::int FROM audit_events a WHERE a.aggregate_id = i.id AND a.action LIKE 'validated_%') AS verdicts,
              (SELECT count(*)::int FROM exceptions e WHERE e.invoice_id = i.id) AS exceptions,
              (SELECT count(*)::int FROM findings f WHERE f.invoice_id = i.id) AS findings
         FROM invoices i WHERE i.id = ANY($1::uuid[]) ORDER BY i.id`,
      [ids],
    );

  beforeAll(async () => {
    // The sample invoice's supplier is in master data: a clean invoice is touchless.
    api = await bootPipelineApi('pipeline_group_commit');
    ({ app, ds, key } = api);
    // The test runs the validations itself: the worker's own processor takes none of the jobs (nor routes
    // what they open, so that only validation's transactions are counted).
    await app.get(JobProducer).queue(QueueName.InvoiceValidate).pause();
    await app.get(JobProducer).queue(QueueName.ExceptionRoute).pause();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    service = worker.get(InvoiceValidationService);
    const wds = worker.get(DataSource);
    const tx = wds.transaction.bind(wds) as (...a: unknown[]) => Promise<unknown>;
    // Validation's transactions (the worker's periodic jobs, e.g. surge detection, open their own).
    jest.spyOn(wds, 'transaction').mockImplementation(((...a: unknown[]) => {
      if (new Error().stack?.includes('InvoiceValidationService')) transactions++;
      return tx(...a);
    }) as never);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  jest.setTimeout(60000);

  it('validates 12 concurrent invoices in two transactions (runs started, verdicts stored), each once and audited', async () => {
    const ids = await received(12);
    gateRules(12);
    transactions = 0;
    const runs = jest.spyOn(worker.get(FindingsRepository), 'insertRuns');
    const marks = jest.spyOn(worker.get(InvoicesRepository), 'markManyValidated');
    const out = await Promise.all(ids.map((id) => service.validate(id, 1)));
    expect(transactions).toBeLessThanOrEqual(2);
    // Set-based: the group's run provenance and statuses are one statement each.
    expect(runs).toHaveBeenCalledTimes(1);
    expect(marks).toHaveBeenCalledTimes(1);
    // (The twelve share seller, amount and date: DUP-NEAR holds each of them, the defective ones VAT findings too.)
    const status = new Map(out.map((o) => [o.invoiceId, o.status]));
    for (const r of await rows(ids)) {
      expect(r).toMatchObject({
        status: 'in_review',
        validation_runs: 1,
        attempts: 0,
        runs: 1,
        started: 1,
        verdicts: 1,
      });
      expect(status.get(r.id)).toBe('in_review');
      if (ids.indexOf(r.id) % 3 === 0) expect(r.exceptions).toBeGreaterThan(1);
      else expect(r.exceptions).toBe(1);
    }
    // A second delivery of the same jobs finds nothing to do.
    const again = await Promise.all(ids.map((id) => service.validate(id, 1)));
    expect(again.every((o) => o.status === 'skipped')).toBe(true);
  });

  it('a group whose verdicts cannot be written together is written invoice by invoice: nothing lost, nothing twice', async () => {
    const ids = await received(6);
    gateRules(6);
    const findings = worker.get(FindingsRepository);
    const insertRuns = findings.insertRuns.bind(findings);
    let calls = 0;
    jest.spyOn(findings, 'insertRuns').mockImplementation(async (...a) => {
      if (++calls === 1) throw new Error('connection lost mid-group'); // the group's statement
      return insertRuns(...a);
    });
    const out = await Promise.all(ids.map((id) => service.validate(id, 1)));
    expect(out.every((o) => o.status === 'ready' || o.status === 'in_review')).toBe(true);
    for (const r of await rows(ids)) expect(r).toMatchObject({ validation_runs: 1, runs: 1, started: 1, verdicts: 1 });
  });

  it('a crash after the runs started leaves every invoice validating, untouched and re-processable', async () => {
    const ids = await received(5);
    gateRules(5);
    const findings = worker.get(FindingsRepository);
    const spy = jest.spyOn(findings, 'insertRuns').mockRejectedValue(new Error('worker killed'));
    const first = await Promise.allSettled(ids.map((id) => service.validate(id, 1)));
    expect(first.every((o) => o.status === 'rejected')).toBe(true);
    for (const r of await rows(ids))
      expect(r).toMatchObject({
        status: 'validating',
        validation_runs: 0,
        attempts: 1,
        runs: 0,
        verdicts: 0,
        exceptions: 0,
        findings: 0,
      });
    // What reconciliation enqueues for a stale validating invoice: run validation_runs + 1 again.
    spy.mockRestore();
    await Promise.all(ids.map((id) => service.validate(id, 1)));
    for (const r of await rows(ids)) expect(r).toMatchObject({ validation_runs: 1, attempts: 0, runs: 1, verdicts: 1 });
  });
});
