import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobPayloads, QueueName } from '@app/queueing';
import { AbandonedClaimsService } from './abandoned-claims.service';
import { SlaTimerService } from './sla-timer.service';

/** Delayed SLA timers; firing twice is harmless because the row records that a timer fired. */
@Processor(QueueName.ExceptionTimers, { concurrency: 8 })
export class ExceptionTimersProcessor extends WorkerHost {
  constructor(
    @Inject(SlaTimerService) private readonly timers: SlaTimerService,
    @Inject(AbandonedClaimsService) private readonly abandoned: AbandonedClaimsService,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[typeof QueueName.ExceptionTimers]>) {
    const { exceptionId, kind } = job.data;
    if (kind === 'claim-timeout') return { released: await this.abandoned.releaseAbandoned() };
    return { outcome: await this.timers.fire(exceptionId, kind) };
  }
}
