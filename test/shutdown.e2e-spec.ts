import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { JobProducer, QueueName, validationRunsOf } from '@app/queueing';
import { createIntegration, createTestEnvironment, sampleInvoice, TestEnvironment, waitFor } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

/** A worker stopped mid-stream finishes its runs in validation and leaves the others queued: nothing is lost. */
describe('graceful worker shutdown', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('shutdown');
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  jest.setTimeout(120000);

  it('closes while validating 300 invoices; a new worker completes the rest; every invoice settles once', async () => {
    const { apiKey } = await createIntegration(ds);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/invoices/batch',
      headers: { 'x-api-key': apiKey },
      payload: { invoices: Array.from({ length: 300 }, () => sampleInvoice()) },
    });
    const ids: string[] = res.json().results.map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(300);

    let worker: INestApplicationContext = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await waitFor(
      async () => {
        const [{ n }] = await ds.query(
          `SELECT count(*)::int AS n FROM invoices WHERE id = ANY($1) AND status NOT IN ('received','validating')`,
          [ids],
        );
        return n > 0;
      },
      30000,
      5,
    );
    await worker.close(); // graceful: runs in validation finish, the others stay in Redis
    const [{ done }] = await ds.query(
      `SELECT count(*)::int AS done FROM invoices WHERE id = ANY($1) AND status NOT IN ('received','validating')`,
      [ids],
    );

    const [{ stuck }] = await ds.query(
      `SELECT count(*)::int AS stuck FROM invoices WHERE id = ANY($1) AND status = 'validating'`,
      [ids],
    );
    expect(stuck).toBe(0); // no job was abandoned half-way
    const queue = app.get(JobProducer).queue(QueueName.InvoiceValidate);
    expect(await queue.getActiveCount()).toBe(0);
    // Shutdown waited for the runs in validation, not for every run of the group jobs it had taken.
    expect(done).toBeLessThan(300);
    // The rest is still queued, not lost: every invoice without a verdict is named by a waiting or delayed job.
    const named = new Set(
      (await app.get(JobProducer).pending(QueueName.InvoiceValidate)).flatMap((j) =>
        validationRunsOf(j).map((r) => r.invoiceId),
      ),
    );
    const open: { id: string }[] = await ds.query(
      `SELECT id FROM invoices WHERE id = ANY($1) AND status = 'received'`,
      [ids],
    );
    expect(open).toHaveLength(300 - done);
    expect(open.filter((o) => !named.has(o.id))).toEqual([]);

    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    try {
      await waitFor(async () => {
        const [{ n }] = await ds.query(
          `SELECT count(*)::int AS n FROM invoices WHERE id = ANY($1) AND status NOT IN ('received','validating')`,
          [ids],
        );
        return n === 300;
      }, 60000);
      const [{ runs }] = await ds.query(`SELECT max(validation_runs)::int AS runs FROM invoices WHERE id = ANY($1)`, [
        ids,
      ]);
      expect(runs).toBe(1);
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE aggregate_id = ANY($1) AND action LIKE 'validated_%'`,
        [ids],
      );
      expect(n).toBe(300); // each invoice validated exactly once
    } finally {
      await worker.close();
    }
  });
});
