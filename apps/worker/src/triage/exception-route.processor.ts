import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { type CatalogueJob, QueueName, unknownJob } from '@app/queueing';
import { RoutingFailureService } from './routing-failure.service';
import { TriageRoutingService } from './triage-routing.service';
import { startWorker } from '../scheduling/start-worker';

/** The `exception.route` queue: route one item to its queue and, if someone fits, a reviewer. */
@Processor(QueueName.ExceptionRoute, { autorun: false }) // started by onApplicationBootstrap with the configured concurrency
export class ExceptionRouteProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('ExceptionRoute');

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(TriageRoutingService) private readonly routing: TriageRoutingService,
    @Inject(RoutingFailureService) private readonly failures: RoutingFailureService,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    startWorker(this.worker, this.cfg.ROUTE_CONCURRENCY);
  }

  async process(job: CatalogueJob<typeof QueueName.ExceptionRoute>) {
    switch (job.name) {
      case 'route': {
        const { exceptionId, excludeReviewerId } = job.data;
        try {
          return { assignee: await this.routing.route(exceptionId, excludeReviewerId) };
        } catch (err) {
          if (await this.failures.record(exceptionId, err)) return { failed: true };
          throw err; // retried with back-off
        }
      }
      case 'route-group':
        return this.routeGroup(job.data.exceptionIds);
      default:
        return unknownJob(this.logger, QueueName.ExceptionRoute, job satisfies never);
    }
  }

  /**
   * Every item of a group, each on its own (routing the group's items together is TriageRoutingService's
   * GroupCommit). A failure is counted for its item; if one is to be retried, the job fails once all have
   * ended and BullMQ retries it (routing is safe to run twice: the items already routed stay as they are).
   */
  private async routeGroup(exceptionIds: string[]): Promise<{ assigned: number; waiting: number; failed: number }> {
    const settled = await Promise.allSettled(exceptionIds.map((id) => this.routing.route(id)));
    let assigned = 0,
      waiting = 0,
      failed = 0,
      retry: unknown = null;
    for (const [i, s] of settled.entries()) {
      if (s.status === 'fulfilled') {
        if (s.value) assigned++;
        else waiting++;
      } else if (await this.failures.record(exceptionIds[i], s.reason)) failed++;
      else retry ??= s.reason;
    }
    if (retry) throw retry instanceof Error ? retry : new Error(String(retry));
    return { assigned, waiting, failed };
  }
}
