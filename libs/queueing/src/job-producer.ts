import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, JobType, Queue } from 'bullmq';
import { ALL_QUEUES, QueueName } from './queue-names';
import { type CatalogueJob, type JobData, type JobName, validationRunsOf } from './job-catalogue';

const PENDING_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/** Typed producer: the only way code enqueues work. Queue, job name and payload are checked against the catalogue. */
@Injectable()
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(ModuleRef) private readonly moduleRef: ModuleRef) {}

  /** Queues are resolved on first use: their providers are created asynchronously by BullModule. */
  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      if (!ALL_QUEUES.includes(name)) throw new Error(`queue ${name} is not registered`);
      q = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, q);
    }
    return q;
  }

  async add<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    data: JobData<Q, N>,
    opts: JobsOptions & { jobId: string },
  ): Promise<void> {
    await this.queue(queue).add(name, data, opts);
  }

  /**
   * Re-enqueues under a deterministic id for reconciliation: skipped while a job with that id is still
   * pending; a finished or failed one is removed first, since BullMQ would silently ignore the add.
   * Returns whether a job was added.
   */
  async addUnlessPending<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    data: JobData<Q, N>,
    jobId: string,
  ): Promise<boolean> {
    const job = { name, data, opts: { jobId } } as BulkJob<Q>;
    return (await this.addBulkUnlessPending(queue, [job])).length > 0;
  }

  /** `addUnlessPending` for many jobs, in one bulk add. Returns the jobs added. */
  async addBulkUnlessPending<Q extends QueueName>(queue: Q, jobs: BulkJob<Q>[]): Promise<BulkJob<Q>[]> {
    if (!jobs.length) return [];
    const q = this.queue(queue);
    const states = await Promise.all(jobs.map((j) => q.getJobState(j.opts.jobId)));
    const added: BulkJob<Q>[] = [];
    const finished: string[] = [];
    jobs.forEach((job, i) => {
      if (PENDING_STATES.has(states[i])) return;
      if (states[i] !== 'unknown') finished.push(job.opts.jobId);
      added.push(job);
    });
    await Promise.all(finished.map((id) => q.remove(id).catch(() => 0)));
    await this.addBulk(queue, added);
    return added;
  }

  /** The jobs of a queue still to run or running, with their payloads (reconciliation's look at what is enqueued). */
  async pending<Q extends QueueName>(queue: Q): Promise<CatalogueJob<Q>[]> {
    const jobs = await this.queue(queue).getJobs([...PENDING_STATES] as JobType[]);
    return jobs.filter((j) => !!j) as CatalogueJob<Q>[];
  }

  /**
   * The runs that pending validation jobs will do (`invoiceId:run`), group jobs included: a group's id
   * names no invoice, so only its payload tells that an invoice waiting behind a backlog is not lost.
   */
  async pendingValidationRuns(): Promise<Set<string>> {
    const runs = new Set<string>();
    for (const job of await this.pending(QueueName.InvoiceValidate))
      for (const r of validationRunsOf(job)) runs.add(`${r.invoiceId}:${r.run}`);
    return runs;
  }

  async addBulk<Q extends QueueName>(queue: Q, jobs: BulkJob<Q>[]): Promise<void> {
    if (!jobs.length) return;
    await this.queue(queue).addBulk(jobs);
  }
}

/** One job of a bulk add: name and payload checked together against the catalogue. */
export type BulkJob<Q extends QueueName> = {
  [N in JobName<Q>]: { name: N; data: JobData<Q, N>; opts: JobsOptions & { jobId: string } };
}[JobName<Q>];
