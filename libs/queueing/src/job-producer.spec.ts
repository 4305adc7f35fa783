import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { JobProducer } from './job-producer';
import { QueueName } from './queue-names';
import { validationJobs } from './outbox-relay.service';

describe('JobProducer.addBulkUnlessPending (Redis)', () => {
  const url = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `test-producer-${process.pid}`;
  let connection: IORedis;
  let queue: Queue;
  let producer: JobProducer;

  beforeAll(() => {
    connection = new IORedis(url, { maxRetriesPerRequest: null });
    queue = new Queue(QueueName.InvoiceValidate, { connection, prefix });
    producer = new JobProducer({ get: () => queue } as never);
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  });

  it('skips a job whose id is still pending, replaces a finished one and adds the rest, in one bulk add', async () => {
    const run = (n: number) => ({ invoiceId: `inv-${n}`, run: 1 });
    // A lone run is a per-invoice job; two or more are a group job named by its runs.
    const [group, lone] = validationJobs([run(1), run(2), run(3)], 2);
    const [fresh] = validationJobs([run(4)]);
    expect(group.name).toBe('validate-group');
    expect(lone.name).toBe('validate');

    // The lone job ran and completed before (its id is taken: a plain add would be ignored by BullMQ).
    const worker = new Worker(QueueName.InvoiceValidate, async () => undefined, { connection, prefix });
    await queue.add(lone.name, lone.data, lone.opts);
    await new Promise<void>((resolve) => worker.once('completed', () => resolve()));
    await worker.close();
    expect(await queue.getJobState(lone.opts.jobId)).toBe('completed');
    // The group's job is still waiting.
    await queue.add(group.name, group.data, group.opts);

    const added = await producer.addBulkUnlessPending(QueueName.InvoiceValidate, [group, lone, fresh]);
    expect(added.map((j) => j.opts.jobId)).toEqual([lone.opts.jobId, fresh.opts.jobId]);
    expect(await queue.getJobState(lone.opts.jobId)).toBe('waiting');
    expect(await queue.getJobState(fresh.opts.jobId)).toBe('waiting');
    expect(await queue.getJobCounts('waiting', 'completed')).toEqual({ waiting: 3, completed: 0 });
    expect(await producer.addBulkUnlessPending(QueueName.InvoiceValidate, [])).toEqual([]);
  });
});
