import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import pLimit from 'p-limit';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { type CatalogueJob, QueueName, unknownJob, type ValidationRun } from '@app/queueing';
import { InvoiceValidationService, type ValidationOutcome } from './invoice-validation.service';
import { startWorker } from '../scheduling/start-worker';

@Processor(QueueName.InvoiceValidate, { autorun: false }) // started by onApplicationBootstrap with the configured concurrency
export class InvoiceValidateProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('InvoiceValidate');
  /**
   * Invoices in validation at once, whatever jobs they came in: WORKER_CONCURRENCY bounds the documents
   * held in memory, and a group job's runs queue here behind those of earlier jobs.
   */
  private readonly inFlight: pLimit.Limit;

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(InvoiceValidationService) private readonly validation: InvoiceValidationService,
  ) {
    super();
    this.inFlight = pLimit(cfg.WORKER_CONCURRENCY);
  }

  onApplicationBootstrap(): void {
    startWorker(this.worker, this.cfg.WORKER_CONCURRENCY);
  }

  async process(job: CatalogueJob<typeof QueueName.InvoiceValidate>) {
    switch (job.name) {
      case 'validate':
        return this.inFlight(() => this.validation.validate(job.data.invoiceId, job.data.run));
      case 'validate-group':
        return this.validateGroup(job.data.runs);
      default:
        return unknownJob(this.logger, QueueName.InvoiceValidate, job satisfies never);
    }
  }

  /**
   * Every run of a group, each on its own: a run that fails does not stop the others. If any failed, the
   * job fails once all have ended, and BullMQ retries it with back-off; the runs that reached a verdict
   * are skipped then (their run number is taken), so only the failed ones run again.
   */
  private async validateGroup(runs: ValidationRun[]): Promise<Record<string, number>> {
    const settled = await Promise.allSettled(
      runs.map((r) => this.inFlight(() => this.validation.validate(r.invoiceId, r.run))),
    );
    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed.length) {
      const why = failed[0].reason instanceof Error ? failed[0].reason.message : String(failed[0].reason);
      throw new Error(
        `${failed.length} of ${runs.length} run(s) of the group failed and will be retried; first: ${why}`,
      );
    }
    const byStatus: Record<string, number> = {};
    for (const s of settled as PromiseFulfilledResult<ValidationOutcome>[])
      byStatus[s.value.status] = (byStatus[s.value.status] ?? 0) + 1;
    return byStatus;
  }

  /**
   * Nest shuts the root module's providers down before BullMQ's explorer closes the workers; close this
   * one first so its active validations finish while the rules threads are still there.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
