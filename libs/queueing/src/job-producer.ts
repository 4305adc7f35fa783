import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { ALL_QUEUES, QueueName } from './queue-names';
import { JobPayloads } from './job-payloads';

const PENDING_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/** Typed producer: the only way code enqueues work. */
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

  async add<N extends QueueName>(name: N, data: JobPayloads[N], opts: JobsOptions & { jobId: string }): Promise<void> {
    await this.queue(name).add(name, data, opts);
  }

  /**
   * Re-enqueues under a deterministic id for reconciliation: skipped while a job with that id is still
   * pending; a finished or failed one is removed first, since BullMQ would silently ignore the add.
   * Returns whether a job was added.
   */
  async addUnlessPending<N extends QueueName>(name: N, data: JobPayloads[N], jobId: string): Promise<boolean> {
    const queue = this.queue(name);
    const job = await queue.getJob(jobId);
    if (job && PENDING_STATES.has(await job.getState())) return false;
    if (job) await job.remove().catch(() => undefined);
    await queue.add(name, data, { jobId });
    return true;
  }

  async addBulk<N extends QueueName>(
    name: N,
    jobs: { data: JobPayloads[N]; opts: JobsOptions & { jobId: string } }[],
  ): Promise<void> {
    if (!jobs.length) return;
    await this.queue(name).addBulk(jobs.map((j) => ({ name, data: j.data, opts: j.opts })));
  }
}
