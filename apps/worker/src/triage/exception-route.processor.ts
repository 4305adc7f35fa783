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
      default:
        return unknownJob(this.logger, QueueName.ExceptionRoute, job.name satisfies never);
    }
  }
}
