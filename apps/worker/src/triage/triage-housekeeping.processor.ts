import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { type CatalogueJob, QueueName, unknownJob } from '@app/queueing';
import { RepeatableSchedulers } from '../scheduling/repeatable-schedulers';
import { AbandonedClaimsService } from './abandoned-claims.service';
import { PriorityRescoreService, RESCORE_EVERY_MS } from './priority-rescore.service';
import { TriageReconciliationService } from './triage-reconciliation.service';

/**
 * The `triage.housekeeping` queue: repeatable jobs that keep the queues honest — reconciliation (waiting
 * items and free reviewers found in PostgreSQL), abandoned claims, priority re-scoring.
 */
@Processor(QueueName.TriageHousekeeping, { concurrency: 1 })
export class TriageHousekeepingProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TriageHousekeeping');
  private readonly schedulers = new RepeatableSchedulers('TriageHousekeeping', () => this.upsertSchedulers());

  constructor(
    @InjectQueue(QueueName.TriageHousekeeping) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(TriageReconciliationService) private readonly reconciliation: TriageReconciliationService,
    @Inject(AbandonedClaimsService) private readonly abandoned: AbandonedClaimsService,
    @Inject(PriorityRescoreService) private readonly rescoring: PriorityRescoreService,
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
    const every = this.cfg.RECONCILE_EVERY_SECONDS * 1000;
    await this.queue.upsertJobScheduler('triage-reconcile', { every }, { name: 'reconcile', data: {} });
    await this.queue.upsertJobScheduler(
      'triage-release-abandoned',
      { every: Math.min(every, 60_000) },
      { name: 'release-abandoned', data: {} },
    );
    await this.queue.upsertJobScheduler(
      'triage-rescore-priorities',
      { every: RESCORE_EVERY_MS },
      { name: 'rescore', data: {} },
    );
  }

  async process(job: CatalogueJob<typeof QueueName.TriageHousekeeping>) {
    switch (job.name) {
      case 'reconcile':
        return this.reconciliation.reconcile();
      case 'release-abandoned':
        return { released: await this.abandoned.releaseAbandoned() };
      case 'rescore':
        return this.rescoring.rescore(job.data.queueKey);
      default:
        return unknownJob(this.logger, QueueName.TriageHousekeeping, job satisfies never);
    }
  }
}
