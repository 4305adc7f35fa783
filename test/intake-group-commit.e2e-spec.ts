import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createIntegration, createTestEnvironment, sampleInvoice, TestEnvironment } from '@app/testing';
import { jobIds, JobProducer, QueueName, type ValidationRun } from '@app/queueing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { IntakeService } from '../apps/api/src/modules/intake/intake.service';
import { InvoiceStoreService } from '../apps/api/src/modules/intake/invoice-store.service';

/**
 * Single invoices posted at the same time are stored together (one transaction, one dispatch), with the
 * answers, rows and duplicate rule of one request at a time; a group that cannot be stored together is
 * stored request by request.
 */
describe('single intake, concurrent requests stored together (PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;
  let intake: IntakeService;
  let store: InvoiceStoreService;

  const doc = (invoiceNumber: string) => ({
    format: 'json' as const,
    invoice: sampleInvoice({ invoiceNumber }) as never,
  });
  const rows = (ids: string[]) =>
    ds.query(
      `SELECT i.id, i.status, i.duplicate_of,
              (SELECT count(*)::int FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines,
              (SELECT count(*)::int FROM audit_events a WHERE a.aggregate_id = i.id) AS audits,
              (SELECT count(*)::int FROM outbox o WHERE o.aggregate_id = i.id) AS outbox
         FROM invoices i WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
  /** The validation runs waiting in the queue (no worker runs here), as `invoiceId:run`. */
  const queuedRuns = () => app.get(JobProducer).pendingValidationRuns();

  beforeAll(async () => {
    env = await createTestEnvironment('intake_group_commit');
    // Long enough that nothing is handed on by the clock here: each test drains what waits.
    process.env.INTAKE_DISPATCH_LINGER_MS = '1000';
    app = await createApiApp({ logger: false });
    await app.init();
    ds = app.get(DataSource);
    intake = app.get(IntakeService);
    store = app.get(InvoiceStoreService);
  });
  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });
  afterEach(() => jest.restoreAllMocks());

  it('stores 10 concurrent singles of two integrations in one transaction; a copy in the group is a duplicate of the first', async () => {
    const a = (await createIntegration(ds, 'erp-a')).id;
    const b = (await createIntegration(ds, 'erp-b')).id;
    const transaction = jest.spyOn(store, 'transaction');
    const answers = await Promise.all([
      ...Array.from({ length: 7 }, (_, i) => intake.accept(a, doc(`G-${i}`), 'api')),
      intake.accept(a, doc('G-0'), 'api'),
      intake.accept(b, doc('G-0'), 'api'),
      intake.accept(b, doc('G-1'), 'api'),
    ]);
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(answers.every((x) => x.status === 202)).toBe(true);
    const body = answers.map((x) => x.body as { id: string; status: string; duplicateOf?: string });
    expect(body.map((x) => x.status)).toEqual([...Array(7).fill('received'), 'duplicate', 'received', 'received']);
    expect(body[7].duplicateOf).toBe(body[0].id);
    expect(new Set(body.map((x) => x.id)).size).toBe(10);
    // Handed to the queue within INTAKE_DISPATCH_LINGER_MS of the answer (till then, `received` in PostgreSQL
    // is their only record: reconciliation would find them if this process died).
    await intake.beforeApplicationShutdown();
    const queued = await queuedRuns();
    const stored = new Map<string, Record<string, unknown>>(
      (await rows(body.map((x) => x.id))).map((r: Record<string, unknown>) => [r.id as string, r]),
    );
    for (const [i, x] of body.entries()) {
      expect(stored.get(x.id)).toMatchObject({
        status: x.status,
        duplicate_of: i === 7 ? body[0].id : null,
        lines: 1,
        audits: 1,
        outbox: 0,
      });
      expect(queued.has(`${x.id}:1`)).toBe(x.status === 'received');
    }
  });

  it('hands the invoices of several group commits to the validation queue as one job', async () => {
    const a = (await createIntegration(ds, 'erp-d')).id;
    const transaction = jest.spyOn(store, 'transaction');
    const ids: string[] = [];
    for (let g = 0; g < 3; g++) {
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) => intake.accept(a, doc(`J-${g}-${i}`), 'api')),
      );
      ids.push(...answers.map((x) => (x.body as { id: string }).id));
    }
    expect(transaction).toHaveBeenCalledTimes(3);
    await intake.beforeApplicationShutdown();
    const queued = await queuedRuns();
    expect(ids.every((id) => queued.has(`${id}:1`))).toBe(true);
    const queue = app.get(JobProducer).queue(QueueName.InvoiceValidate);
    const runs = ids.map((invoiceId): ValidationRun => ({ invoiceId, run: 1 }));
    const job = await queue.getJob(jobIds.validateGroup(runs));
    expect(job?.data).toEqual({ runs });
  });

  it('stores each request alone when the group cannot be stored together', async () => {
    const a = (await createIntegration(ds, 'erp-c')).id;
    const insertMany = store.insertMany.bind(store);
    let calls = 0;
    jest.spyOn(store, 'insertMany').mockImplementation(async (...args) => {
      if (++calls === 1) throw new Error('connection lost mid-group');
      return insertMany(...args);
    });
    const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => intake.accept(a, doc(`H-${i}`), 'api')));
    expect(answers.map((x) => (x.body as { status: string }).status)).toEqual(Array(4).fill('received'));
    expect(await rows(answers.map((x) => (x.body as { id: string }).id))).toHaveLength(4);
  });
});
