import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, JobType, Queue } from 'bullmq';
import { ALL_QUEUES, QueueName } from './queue-names';
import type { CatalogueJob, JobData, JobName } from './job-catalogue';

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
    const q = this.queue(queue);
    const job = await q.getJob(jobId);
    if (job && PENDING_STATES.has(await job.getState())) return false;
    if (job) await job.remove().catch(() => undefined);
    await q.add(name, data, { jobId });
    return true;
  }

  /**
   * `addUnlessPending` for many jobs in one bulk add: each job whose id is still pending is skipped, a finished
   * or failed one under that id is removed first. Returns the jobs added.
   */
  async addBulkUnlessPending<Q extends QueueName>(queue: Q, jobs: BulkJob<Q>[]): Promise<BulkJob<Q>[]> {
    if (!jobs.length) return [];
    const q = this.queue(queue);
    const existing = await Promise.all(jobs.map((j) => q.getJob(j.opts.jobId)));
    const states = await Promise.all(existing.map((j) => (j ? j.getState() : null)));
    const added: BulkJob<Q>[] = [];
    for (const [i, job] of jobs.entries()) {
      const found = existing[i];
      if (found && PENDING_STATES.has(states[i] as string)) continue;
      if (found) await found.remove().catch(() => undefined);
      added.push(job);
    }
    await this.addBulk(queue, added);
    return added;
  }

  /** The jobs of a queue still to run or running, with their payloads (reconciliation's look at what is enqueued). */
  async pending<Q extends QueueName>(queue: Q): Promise<CatalogueJob<Q>[]> {
    const jobs = await this.queue(queue).getJobs([...PENDING_STATES] as JobType[]);
    return jobs.filter((j) => !!j) as CatalogueJob<Q>[];
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
