import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobPayloads, QueueName } from '@app/queueing';
import { InvoiceValidationService } from './invoice-validation.service';

@Processor(QueueName.InvoiceValidate, { concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8) })
export class InvoiceValidateProcessor extends WorkerHost {
  constructor(@Inject(InvoiceValidationService) private readonly validation: InvoiceValidationService) {
    super();
  }

  async process(job: Job<JobPayloads[typeof QueueName.InvoiceValidate]>) {
    return this.validation.validate(job.data.invoiceId, job.data.run);
  }
}
