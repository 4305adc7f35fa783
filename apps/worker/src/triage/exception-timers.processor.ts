import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError } from 'bullmq';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { type CatalogueJob, QueueName, unknownJob } from '@app/queueing';
import { TriageClock } from '@app/triage';
import { AbandonedClaimsService } from './abandoned-claims.service';
import { SlaTimerService } from './sla-timer.service';
import { startWorker } from '../scheduling/start-worker';

type TimerJob = CatalogueJob<typeof QueueName.ExceptionTimers>;

/** Delayed SLA timers; firing twice is harmless because the row records that a timer fired. */
@Processor(QueueName.ExceptionTimers, { autorun: false }) // started by onApplicationBootstrap with the configured concurrency
export class ExceptionTimersProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('ExceptionTimers');

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(SlaTimerService) private readonly timers: SlaTimerService,
    @Inject(AbandonedClaimsService) private readonly abandoned: AbandonedClaimsService,
    @Inject(TriageClock) private readonly clock: TriageClock,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    startWorker(this.worker, this.cfg.TIMER_CONCURRENCY);
  }

  async process(job: TimerJob, token?: string) {
    switch (job.name) {
      case 'claim-timeout':
        return { released: await this.abandoned.releaseAbandoned() };
      case 'sla-warning':
      case 'sla-breach':
        return this.fireSla(job, job.name, token);
      default:
        return unknownJob(this.logger, QueueName.ExceptionTimers, job satisfies never);
    }
  }

  private async fireSla(job: TimerJob, kind: 'sla-warning' | 'sla-breach', token?: string) {
    const { exceptionId, dueAt } = job.data;
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
