import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError } from 'bullmq';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { type CatalogueJob, QueueName, unknownJob, VALIDATION_GROUP_SIZE, type ValidationRun } from '@app/queueing';
import { InFlightBudget } from './in-flight-budget';
import { InvoiceValidationService, type ValidationOutcome } from './invoice-validation.service';
import { startWorker } from '../scheduling/start-worker';

type ValidateJob = CatalogueJob<typeof QueueName.InvoiceValidate>;

@Processor(QueueName.InvoiceValidate, { autorun: false }) // started by onApplicationBootstrap with the configured concurrency
export class InvoiceValidateProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('InvoiceValidate');
  /**
   * Invoices in validation at once, whatever jobs they came in (a group job's runs queue here behind those
   * of earlier jobs): up to WORKER_CONCURRENCY, of which at most a start group's worth not yet loaded, while
   * their documents hold less than VALIDATION_INFLIGHT_MB (InFlightBudget).
   */
  private readonly inFlight: InFlightBudget;
  /** Set on shutdown: runs still waiting for a slot are left to the next worker. */
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(InvoiceValidationService) private readonly validation: InvoiceValidationService,
  ) {
    super();
    this.inFlight = new InFlightBudget(
      cfg.WORKER_CONCURRENCY,
      VALIDATION_GROUP_SIZE,
      cfg.VALIDATION_INFLIGHT_MB * 1024 * 1024,
    );
  }

  onApplicationBootstrap(): void {
    startWorker(this.worker, this.cfg.WORKER_CONCURRENCY);
  }

  async process(job: ValidateJob, token?: string) {
    switch (job.name) {
      case 'validate': {
        const [outcome] = await this.runAll(job, token, [job.data]);
        if (outcome.status === 'rejected') throw outcome.reason;
        return outcome.value;
      }
      case 'validate-group':
        return this.validateGroup(job, token, job.data.runs);
      default:
        return unknownJob(this.logger, QueueName.InvoiceValidate, job satisfies never);
    }
  }

  /** On shutdown: no run starts after this; the ones in validation finish. */
  stopTakingRuns(): void {
    this.closing = true;
  }

  /**
   * Every run of a group, each on its own: a run that fails does not stop the others. If any failed, the
   * job fails once all have ended, and BullMQ retries it with back-off; the runs that reached a verdict
   * are skipped then (their run number is taken), so only the failed ones run again.
   */
  private async validateGroup(job: ValidateJob, token: string | undefined, runs: ValidationRun[]) {
    const settled = await this.runAll(job, token, runs);
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
   * The runs through the in-flight limit. Once the worker is stopping, a run that has not started is not
   * started: the job goes back to the delayed set (no attempt counted) for the next worker, which skips the
   * runs that reached a verdict here. Shutdown waits for the runs in validation only, as it did when a job
   * was one invoice.
   */
  private async runAll(job: ValidateJob, token: string | undefined, runs: ValidationRun[]) {
    let left = 0;
    const settled = await Promise.allSettled(
      runs.map((r) =>
        this.inFlight.run((loaded): Promise<ValidationOutcome | null> => {
          if (!this.closing) return this.validation.validate(r.invoiceId, r.run, loaded);
          left++;
          return Promise.resolve(null);
        }),
      ),
    );
    if (left && !settled.some((s) => s.status === 'rejected')) {
      if (!token) throw new Error(`worker stopping: ${left} run(s) left for the next worker`);
      await job.moveToDelayed(Date.now() + 1000, token);
      throw new DelayedError();
    }
    return settled as PromiseSettledResult<ValidationOutcome>[];
  }

  /**
   * Nest shuts the root module's providers down before BullMQ's explorer closes the workers; close this
   * one first so its active validations finish while the rules threads are still there.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopTakingRuns();
    await this.worker?.close();
  }
}
