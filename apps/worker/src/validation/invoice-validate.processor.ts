import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { type CatalogueJob, QueueName, unknownJob } from '@app/queueing';
import { InvoiceValidationService } from './invoice-validation.service';
import { startWorker } from '../scheduling/start-worker';

@Processor(QueueName.InvoiceValidate, { autorun: false }) // started by onApplicationBootstrap with the configured concurrency
export class InvoiceValidateProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('InvoiceValidate');

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(InvoiceValidationService) private readonly validation: InvoiceValidationService,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    startWorker(this.worker, this.cfg.WORKER_CONCURRENCY);
  }

  async process(job: CatalogueJob<typeof QueueName.InvoiceValidate>) {
    switch (job.name) {
      case 'validate':
        return this.validation.validate(job.data.invoiceId, job.data.run);
      default:
        return unknownJob(this.logger, QueueName.InvoiceValidate, job.name satisfies never);
    }
  }

  /**
   * Nest shuts the root module's providers down before BullMQ's explorer closes the workers; close this
   * one first so its active validations finish while the rules threads are still there.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
