import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { type CatalogueJob, type JobName, QueueName, unknownJob } from '@app/queueing';
import { RepeatableSchedulers } from '../scheduling/repeatable-schedulers';
import { MAINTENANCE_TASKS } from './maintenance-tasks';

type MaintenanceTask = JobName<typeof QueueName.Maintenance>;

/** Repeatable housekeeping: reconciliation and whatever else registers in MAINTENANCE_TASKS. */
@Processor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Maintenance');
  private readonly schedulers = new RepeatableSchedulers('Maintenance', () => this.upsertSchedulers());

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(MAINTENANCE_TASKS)
    private readonly tasks: Record<MaintenanceTask, { run(): Promise<unknown>; everySeconds?: number }>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.schedulers.keep(this.cfg.RECONCILE_EVERY_SECONDS * 1000);
  }

  onApplicationShutdown(): void {
    this.schedulers.stop();
  }

  private async upsertSchedulers(): Promise<void> {
    for (const task of Object.keys(this.tasks) as MaintenanceTask[]) {
      const every = (this.tasks[task].everySeconds ?? this.cfg.RECONCILE_EVERY_SECONDS) * 1000;
      await this.queue.upsertJobScheduler(`maintenance-${task}`, { every }, { name: task, data: {} });
    }
  }

  async process(job: CatalogueJob<typeof QueueName.Maintenance>) {
    switch (job.name) {
      case 'reconcile':
      case 'rollup':
      case 'tables':
      case 'outbox':
        return this.tasks[job.name].run();
      default:
        return unknownJob(this.logger, QueueName.Maintenance, job satisfies never);
    }
  }
}
