import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { JobPayloads, QueueName } from '@app/queueing';
import { ROUTE_REASONS } from '@app/triage';
import { AbandonedClaimsService } from './abandoned-claims.service';
import { PriorityRescoreService, RESCORE_EVERY_MS, RESCORE_REASON } from './priority-rescore.service';
import { RoutingFailureService } from './routing-failure.service';
import { TriageReconciliationService } from './triage-reconciliation.service';
import { TriageRoutingService } from './triage-routing.service';

type RouteJob = Job<JobPayloads[typeof QueueName.ExceptionRoute]>;

/**
 * The `exception.route` queue: route one item, fill one reviewer, or the repeatable triage housekeeping
 * (reconciliation, abandoned claims, priority re-scoring).
 */
@Processor(QueueName.ExceptionRoute, { concurrency: 8 })
export class ExceptionRouteProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ExceptionRoute');
  private keeper: NodeJS.Timeout | null = null;

  constructor(
    @InjectQueue(QueueName.ExceptionRoute) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(TriageRoutingService) private readonly routing: TriageRoutingService,
    @Inject(TriageReconciliationService) private readonly reconciliation: TriageReconciliationService,
    @Inject(AbandonedClaimsService) private readonly abandoned: AbandonedClaimsService,
    @Inject(PriorityRescoreService) private readonly rescoring: PriorityRescoreService,
    @Inject(RoutingFailureService) private readonly failures: RoutingFailureService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.upsertSchedulers();
    // Schedulers live in Redis; after a flush this timer puts them back (upserting is idempotent).
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
    const every = this.cfg.RECONCILE_EVERY_SECONDS * 1000;
    await this.queue.upsertJobScheduler(
      'triage-reconcile',
      { every },
      { name: ROUTE_REASONS.reconcile, data: { reason: ROUTE_REASONS.reconcile } },
    );
    await this.queue.upsertJobScheduler(
      'triage-release-abandoned',
      { every: Math.min(every, 60_000) },
      { name: ROUTE_REASONS.releaseAbandoned, data: { reason: ROUTE_REASONS.releaseAbandoned } },
    );
    await this.queue.upsertJobScheduler(
      'triage-rescore-priorities',
      { every: RESCORE_EVERY_MS },
      { name: RESCORE_REASON, data: { reason: RESCORE_REASON } },
    );
  }

  async process(job: RouteJob) {
    const { exceptionId, reviewerId, reason, excludeReviewerId } = job.data;
    if (exceptionId) {
      try {
        return { assignee: await this.routing.route(exceptionId, excludeReviewerId) };
      } catch (err) {
        if (await this.failures.record(exceptionId, err)) return { failed: true };
        throw err; // retried with back-off
      }
    }
    if (reason === ROUTE_REASONS.fill && reviewerId) return { filled: (await this.routing.fill(reviewerId)).length };
    if (reason === ROUTE_REASONS.reconcile) return this.reconciliation.reconcile();
    if (reason === ROUTE_REASONS.releaseAbandoned) return { released: await this.abandoned.releaseAbandoned() };
    if (reason === RESCORE_REASON) return this.rescoring.rescore(job.data.queueKey);
    this.logger.warn(`ignored route job ${job.id} (${reason})`);
    return null;
  }
}
