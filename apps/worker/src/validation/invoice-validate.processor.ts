import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobPayloads, QueueName } from '@app/queueing';
import { InvoiceValidationService } from './invoice-validation.service';

@Processor(QueueName.InvoiceValidate, { concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8) })
export class InvoiceValidateProcessor extends WorkerHost implements BeforeApplicationShutdown {
  constructor(@Inject(InvoiceValidationService) private readonly validation: InvoiceValidationService) {
    super();
  }

  async process(job: Job<JobPayloads[typeof QueueName.InvoiceValidate]>) {
    return this.validation.validate(job.data.invoiceId, job.data.run);
  }

  /**
   * Nest shuts the root module's providers down before BullMQ's explorer closes the workers; close this
   * one first so its active validations finish while the rules threads are still there.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
