import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { type CatalogueJob, QueueName, unknownJob } from '@app/queueing';
import { TriageRoutingService } from './triage-routing.service';
import { startWorker } from '../scheduling/start-worker';

/** The `reviewer.fill` queue: give one reviewer waiting work after a resolution or an availability change. */
@Processor(QueueName.ReviewerFill, { autorun: false }) // started by onApplicationBootstrap with the configured concurrency
export class ReviewerFillProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReviewerFill');

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(TriageRoutingService) private readonly routing: TriageRoutingService,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    startWorker(this.worker, this.cfg.ROUTE_CONCURRENCY);
  }

  async process(job: CatalogueJob<typeof QueueName.ReviewerFill>) {
    switch (job.name) {
      case 'fill':
        return { filled: (await this.routing.fill(job.data.reviewerId)).length };
      default:
        return unknownJob(this.logger, QueueName.ReviewerFill, job.name satisfies never);
    }
  }
}
