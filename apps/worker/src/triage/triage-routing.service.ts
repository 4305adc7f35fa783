import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assignToBestReviewer, claimNext, ExceptionRow, planRouting, TriageClock } from '@app/triage';
import { SlaTimerService } from './sla-timer.service';

/** Routing: plan the SLA and priority of an item, then push it to the best eligible reviewer. */
@Injectable()
export class TriageRoutingService {
  private readonly logger = new Logger('TriageRouting');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(SlaTimerService) private readonly timers: SlaTimerService,
  ) {}

  /** Returns the assignee, or null when the item waits in its queue. Safe to run twice. */
  async route(exceptionId: string, excludeReviewerId?: string): Promise<string | null> {
    const planned = await this.ds.transaction((em) => planRouting(em, exceptionId, this.clock.now()));
    if (!planned) return null;
    if (planned.sla_due_at) await this.timers.schedule([planned]);
    const assigned = await this.ds.transaction((em) =>
      assignToBestReviewer(em, exceptionId, this.clock.now(), excludeReviewerId),
    );
    return assigned?.assignee_id ?? null;
  }

  /** Gives a reviewer waiting work until their capacity is full (after a resolution, coming online, more capacity). */
  async fill(reviewerId: string, max = 100): Promise<ExceptionRow[]> {
    const taken: ExceptionRow[] = [];
    for (let i = 0; i < max; i++) {
      const row = await claimNext(this.ds.manager, reviewerId, this.clock.now(), 'push');
      if (!row) break;
      taken.push(row);
    }
    if (taken.length) this.logger.debug(`filled reviewer ${reviewerId} with ${taken.length} item(s)`);
    return taken;
  }
}
