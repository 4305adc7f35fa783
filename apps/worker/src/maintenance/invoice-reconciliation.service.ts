import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { InvoicesRepository } from '@app/persistence';
import {
  JobProducer,
  OutboxRelayService,
  QueueName,
  type ValidationRun,
  validationJobs,
  validationRunsOf,
} from '@app/queueing';

/**
 * PostgreSQL is the record: anything the queue layer lost (a crash between commit and enqueue,
 * a Redis flush) is found here and enqueued again under its deterministic job id. It backs off: an
 * invoice whose last attempt started recently (`next_attempt_at`, doubled per attempt) waits, and a
 * `failed` invoice is never picked up again until an admin retries it.
 */
@Injectable()
export class InvoiceReconciliationService {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    @Inject(InvoicesRepository) private readonly invoices: InvoicesRepository,
    @Inject(OutboxRelayService) private readonly relay: OutboxRelayService,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  async reconcile(staleSeconds = this.cfg.RECONCILE_STALE_SECONDS): Promise<{ relayed: number; requeued: number }> {
    const relayed = await this.relay.relayPending(staleSeconds);
    const stuck = await this.invoices.stuck(staleSeconds);
    const enqueued = stuck.length ? await this.producer.pendingValidationRuns() : new Set<string>();
    // A job still waiting behind a backlog, or running, is not lost. The rest go in groups, as intake's do: a
    // lost hand-over of a batch (a Redis flush) was thousands of one-invoice jobs, each with its own start and
    // verdict transactions. A lone invoice keeps its per-invoice job id.
    const lost: ValidationRun[] = stuck
      .map((s) => ({ invoiceId: s.id, run: s.validation_runs + 1 }))
      .filter((r) => !enqueued.has(`${r.invoiceId}:${r.run}`));
    const added = await this.producer.addBulkUnlessPending(QueueName.InvoiceValidate, validationJobs(lost));
    const requeued = added.reduce((n, job) => n + validationRunsOf(job).length, 0);
    if (requeued) this.logger.warn(`re-enqueued ${requeued} invoice(s) stuck in received/validating`);
    return { relayed, requeued };
  }
}
