import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { JobProducer, QueueName, VALIDATION_GROUP_SIZE, validationRunsOf } from '@app/queueing';
import { sampleInvoice, waitFor } from '@app/testing';
import { bootPipelineApi, PipelineApi } from './pipeline.fixtures';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { InvoiceReconciliationService } from '../apps/worker/src/maintenance/invoice-reconciliation.service';

const NOT_A_COUNTRY = { name: 'Somewhere AB', vatId: 'SW123456789', countryCode: 'SW' };

/**
 * Validation is enqueued per intake group, not per invoice: Redis and the worker's start and verdict
 * transactions are paid once per group. Reconciliation still tells a lost invoice from one waiting in a
 * group behind a backlog.
 */
describe('validation jobs per intake group (HTTP, PostgreSQL, Redis)', () => {
  let api: PipelineApi;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext | undefined;
  let ds: DataSource;
  let key: string;

  /** Waits until every one of `ids` has its verdict (ready or in review); answers how many have. */
  const verdictsReached = (ids: string[], timeout: number) =>
    waitFor(async () => {
      const [r] = await ds.query(
        `SELECT count(*)::int AS n FROM invoices WHERE id = ANY($1::uuid[]) AND status IN ('ready','in_review')`,
        [ids],
      );
      return r.n === ids.length ? r.n : null;
    }, timeout);
  const postBatch = async (invoices: unknown[]): Promise<string[]> => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/invoices/batch',
      headers: { 'x-api-key': key },
      payload: { invoices },
    });
    expect(res.statusCode).toBe(200);
    return res.json().results.map((r: { id: string }) => r.id);
  };

  /** The jobs name each of `ids` once, each for its first run. */
  const expectRunOneOfEach = (jobs: Parameters<typeof validationRunsOf>[0][], ids: string[]) => {
    const named = jobs.flatMap(validationRunsOf);
    expect(named.map((r) => r.invoiceId).sort()).toEqual([...ids].sort());
    expect(named.every((r) => r.run === 1)).toBe(true);
  };
  /** Each invoice was validated once: one run, one start and one verdict in its history. */
  const expectValidatedOnce = async (ids: string[]) => {
    const [runs] = await ds.query(
      `SELECT count(*)::int AS runs, count(DISTINCT invoice_id)::int AS invoices FROM validation_runs WHERE invoice_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(runs).toEqual({ runs: ids.length, invoices: ids.length });
  };

  beforeAll(async () => {
    api = await bootPipelineApi('validation_groups');
    ({ app, ds, key } = api);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('enqueues a batch of 100 as a few group jobs naming every invoice once; reconciliation leaves them waiting; the worker validates all', async () => {
    const validate = app.get(JobProducer).queue(QueueName.InvoiceValidate);
    await validate.pause(); // a backlog: nothing is taken until resumed
    const ids = await postBatch(Array.from({ length: 100 }, () => sampleInvoice()));
    expect(new Set(ids).size).toBe(100);

    const jobs = await app.get(JobProducer).pending(QueueName.InvoiceValidate);
    expect(jobs.length).toBeLessThanOrEqual(10); // one per invoice before
    expect(jobs.length).toBe(Math.ceil(100 / VALIDATION_GROUP_SIZE));
    expectRunOneOfEach(jobs, ids);

    // Waiting longer than the stale interval is not being lost: no second job for any of them.
    await ds.query(`UPDATE invoices SET updated_at = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`, [ids]);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    const outcome = await worker.get(InvoiceReconciliationService).reconcile(0);
    expect(outcome.requeued).toBe(0);
    expect((await app.get(JobProducer).pending(QueueName.InvoiceValidate)).length).toBe(jobs.length);

    await validate.resume();
    expect(await verdictsReached(ids, 60_000)).toBe(100);
    await expectValidatedOnce(ids);
  });

  it('still requeues an invoice of a group whose job was lost', async () => {
    const validate = app.get(JobProducer).queue(QueueName.InvoiceValidate);
    await validate.pause();
    const ids = await postBatch([sampleInvoice(), sampleInvoice()]);
    const [job] = (await app.get(JobProducer).pending(QueueName.InvoiceValidate)).filter(
      (j) => j.name === 'validate-group',
    );
    expect(job).toBeDefined();
    await job.remove(); // as a Redis flush would leave it
    await ds.query(`UPDATE invoices SET updated_at = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`, [ids]);
    const outcome = await worker!.get(InvoiceReconciliationService).reconcile(0);
    expect(outcome.requeued).toBe(2);
    await validate.resume();
    expect(await verdictsReached(ids, 30_000)).toBe(2);
  });

  it('requeues invoices whose hand-over was lost (a Redis flush) in group jobs, each invoice once', async () => {
    const producer = app.get(JobProducer);
    const validate = producer.queue(QueueName.InvoiceValidate);
    await validate.pause();
    const ids = await postBatch(Array.from({ length: 70 }, () => sampleInvoice()));
    for (const job of await producer.pending(QueueName.InvoiceValidate)) await job.remove(); // as a flush leaves it
    await ds.query(`UPDATE invoices SET updated_at = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`, [ids]);
    const outcome = await worker!.get(InvoiceReconciliationService).reconcile(0);
    expect(outcome.requeued).toBe(70);
    // One job per group of VALIDATION_GROUP_SIZE (one per invoice before): the worker starts and stores their runs
    // together, as it does for intake's groups.
    const jobs = await producer.pending(QueueName.InvoiceValidate);
    expect(jobs.length).toBe(Math.ceil(70 / VALIDATION_GROUP_SIZE));
    expectRunOneOfEach(jobs, ids);
    // Asked again while they wait: nothing more.
    expect((await worker!.get(InvoiceReconciliationService).reconcile(0)).requeued).toBe(0);
    await validate.resume();
    expect(await verdictsReached(ids, 60_000)).toBe(70);
    await expectValidatedOnce(ids);
  });

  it('routes the items a group of verdicts opened in one job, not one job per item', async () => {
    const route = app.get(JobProducer).queue(QueueName.ExceptionRoute);
    await route.pause();
    // A buyer in no country we know: a blocking finding on each.
    const ids = await postBatch(Array.from({ length: 40 }, () => sampleInvoice({ buyer: NOT_A_COUNTRY })));
    expect(await verdictsReached(ids, 60_000)).toBe(40);
    const opened: { id: string }[] = await ds.query(`SELECT id FROM exceptions WHERE invoice_id = ANY($1::uuid[])`, [
      ids,
    ]);
    expect(opened.length).toBeGreaterThanOrEqual(40);
    const jobs = await app.get(JobProducer).pending(QueueName.ExceptionRoute);
    expect(jobs.length).toBeLessThanOrEqual(10); // one per item before
    const named = jobs.flatMap((j) => (j.name === 'route-group' ? j.data.exceptionIds : [j.data.exceptionId]));
    expect(named.sort()).toEqual(opened.map((o) => o.id).sort());

    await route.resume();
    expect(
      await waitFor(async () => {
        const [r] = await ds.query(
          `SELECT count(*)::int AS n FROM exceptions WHERE invoice_id = ANY($1::uuid[]) AND sla_due_at IS NOT NULL`,
          [ids],
        );
        return r.n === opened.length ? r.n : null;
      }, 30_000),
    ).toBe(opened.length);
  });
});
