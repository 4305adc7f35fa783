import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { jobIds, JobProducer, QueueName, ROUTE_REASONS } from '@app/queueing';
import { failInvoice, SYSTEM_FAILED_QUEUE } from '@app/triage';
import { TriageReconciliationRepository } from './triage-reconciliation.repository';

/**
 * Routing attempts are counted in PostgreSQL: an item whose routing keeps failing sends its invoice to
 * `failed` (with the error, in `system.failed`) after ROUTING_MAX_ATTEMPTS, and reconciliation stops
 * re-routing it until an admin retries the invoice.
 */
@Injectable()
export class RoutingFailureService {
  private readonly logger = new Logger('RoutingFailure');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(TriageReconciliationRepository) private readonly repo: TriageReconciliationRepository,
  ) {}

  /** Counts one failed attempt; returns true when the invoice was given up on (the job should not be retried). */
  async record(exceptionId: string, err: unknown): Promise<boolean> {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    const row = await this.repo.recordRouteFailure(exceptionId, error);
    if (!row || row.route_attempts < this.cfg.ROUTING_MAX_ATTEMPTS || row.route_key === SYSTEM_FAILED_QUEUE)
      return false;
    this.logger.error(`exception ${exceptionId} could not be routed after ${row.route_attempts} attempt(s): ${error}`);
    const failedItem = await this.ds.transaction((em) =>
      failInvoice(em, {
        invoiceId: row.invoice_id,
        run: row.validation_runs,
        attempts: row.route_attempts,
        stage: 'routing',
        error: `${row.route_key}: ${error}`,
      }),
    );
    if (failedItem) {
      await this.producer
        .addBulk(QueueName.ExceptionRoute, [
          {
            name: 'route',
            data: { exceptionId: failedItem, reason: ROUTE_REASONS.opened },
            opts: { jobId: jobIds.route(failedItem, `failed-routing-${row.validation_runs}-${row.route_attempts}`) },
          },
        ])
        .catch((e) => this.logger.warn(`routing enqueue failed, reconciliation will retry: ${(e as Error).message}`));
    }
    return true;
  }
}
