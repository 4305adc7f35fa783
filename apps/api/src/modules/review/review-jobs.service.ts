import { Inject, Injectable, Logger } from '@nestjs/common';
import { jobIds, JobProducer, QueueName, type RouteReason } from '@app/queueing';

/**
 * What a review action asks the worker to do after its commit. A lost enqueue is not lost work:
 * reconciliation finds waiting items and free reviewers in PostgreSQL.
 */
@Injectable()
export class ReviewJobsService {
  private readonly logger = new Logger('ReviewJobs');

  constructor(@Inject(JobProducer) private readonly producer: JobProducer) {}

  route(exceptionId: string, version: number, reason: RouteReason, excludeReviewerId?: string | null): Promise<void> {
    return this.safely(
      this.producer.add(
        QueueName.ExceptionRoute,
        'route',
        { exceptionId, reason, ...(excludeReviewerId ? { excludeReviewerId } : {}) },
        { jobId: jobIds.route(exceptionId, version) },
      ),
    );
  }

  fill(reviewerId: string, cause: string): Promise<void> {
    return this.safely(
      this.producer.add(QueueName.ReviewerFill, 'fill', { reviewerId }, { jobId: jobIds.fill(reviewerId, cause) }),
    );
  }

  revalidate(invoiceId: string, run: number): Promise<void> {
    return this.safely(
      this.producer.add(
        QueueName.InvoiceValidate,
        'validate',
        { invoiceId, run },
        { jobId: jobIds.validate(invoiceId, run) },
      ),
    );
  }

  private async safely(p: Promise<void>): Promise<void> {
    await p.catch((e) => this.logger.warn(`enqueue failed, reconciliation will catch up: ${(e as Error).message}`));
  }
}
