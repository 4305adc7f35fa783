import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM } from '@app/persistence';
import { detectSurges, rescoreWaiting, RescoreResult, SurgeChange, TriageClock } from '@app/triage';

/** How often waiting work is re-scored: age moves a score by 0.01 in about 15 minutes, due dates by 0.01 in about 45. */
export const RESCORE_EVERY_MS = 5 * 60_000;

/**
 * Keeps the claim order current: the priority of waiting items grows with their age and as their
 * invoice's due date comes closer, so it is recomputed by the triage clock every few minutes.
 */
@Injectable()
export class PriorityRescoreService {
  private readonly logger = new Logger('PriorityRescore');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
  ) {}

  async rescore(queueKey?: string): Promise<RescoreResult> {
    const started = Date.now();
    // The periodic run first decides surge mode per queue: a surging queue is re-scored time-to-breach first.
    if (!queueKey) await this.surges();
    const result = await rescoreWaiting(this.ds, this.clock.now(), { queueKey });
    if (result.changed)
      this.logger.log(`re-scored ${result.changed} of ${result.scanned} waiting item(s) in ${Date.now() - started} ms`);
    return result;
  }

  /** Starts or ends surge mode where arrivals of the last hour crossed what the team on shift serves. */
  async surges(): Promise<SurgeChange[]> {
    const changes = await this.ds.transaction((em) => detectSurges(em, this.clock.now(), SYSTEM));
    for (const c of changes)
      this.logger.warn(
        `${c.queueKey}: surge ${c.surging ? 'started' : 'ended'} (${c.arrivals} arrivals in the last hour, capacity ${c.capacity.toFixed(1)} per hour)`,
      );
    return changes;
  }
}
