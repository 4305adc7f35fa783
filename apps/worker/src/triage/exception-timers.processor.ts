import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { JobPayloads, QueueName } from '@app/queueing';
import { AbandonedClaimsService } from './abandoned-claims.service';
import { TriageClock } from '@app/triage';
import { SlaTimerService } from './sla-timer.service';

/** Delayed SLA timers; firing twice is harmless because the row records that a timer fired. */
@Processor(QueueName.ExceptionTimers, { concurrency: 8 })
export class ExceptionTimersProcessor extends WorkerHost {
  constructor(
    @Inject(SlaTimerService) private readonly timers: SlaTimerService,
    @Inject(AbandonedClaimsService) private readonly abandoned: AbandonedClaimsService,
    @Inject(TriageClock) private readonly clock: TriageClock,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[typeof QueueName.ExceptionTimers]>, token?: string) {
    const { exceptionId, kind, dueAt } = job.data;
    if (kind === 'claim-timeout') return { released: await this.abandoned.releaseAbandoned() };
    const outcome = await this.timers.fire(exceptionId, kind);
    if (outcome === 'not-due' && token) {
      // Early (the triage clock lags the job's schedule): wait again rather than lose the timer.
      await job.moveToDelayed(
        Date.now() + Math.max(1000, new Date(dueAt).getTime() - this.clock.now().getTime()),
        token,
      );
      throw new DelayedError();
    }
    return { outcome };
  }
}
