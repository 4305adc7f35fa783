import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { JobPayloads, QueueName } from '@app/queueing';
import { MAINTENANCE_TASKS } from './maintenance-tasks';

/** Repeatable housekeeping: reconciliation and whatever else registers in MAINTENANCE_TASKS. */
@Processor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Maintenance');
  private keeper: NodeJS.Timeout | null = null;

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(MAINTENANCE_TASKS)
    private readonly tasks: Record<string, { run(): Promise<unknown>; everySeconds?: number }>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.upsertSchedulers();
    // The schedulers live in Redis: after a flush nothing would reconcile again until a restart. Upserting
    // is idempotent, so a process-local timer puts them back.
    this.keeper = setInterval(
      () => this.upsertSchedulers().catch((e) => this.logger.warn(`schedulers not restored: ${(e as Error).message}`)),
      this.cfg.RECONCILE_EVERY_SECONDS * 1000,
    );
    this.keeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.keeper) clearInterval(this.keeper);
  }

  private async upsertSchedulers(): Promise<void> {
    for (const [task, t] of Object.entries(this.tasks)) {
      const every = (t.everySeconds ?? this.cfg.RECONCILE_EVERY_SECONDS) * 1000;
      await this.queue.upsertJobScheduler(
        `maintenance-${task}`,
        { every },
        { name: task, data: { task } as JobPayloads[typeof QueueName.Maintenance] },
      );
    }
  }

  async process(job: Job<JobPayloads[typeof QueueName.Maintenance]>) {
    const t = this.tasks[job.data.task];
    if (!t) {
      this.logger.warn(`no maintenance task ${job.data.task}`);
      return null;
    }
    return t.run();
  }
}
