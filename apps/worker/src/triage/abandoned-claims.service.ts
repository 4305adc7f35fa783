import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM } from '@app/persistence';
import { JobProducer, QueueName, ROUTE_REASONS, jobIds } from '@app/queueing';
import { applyTransition, lockException, TriageClock } from '@app/triage';
import { ExceptionTimersRepository } from './exception-timers.repository';

/** Returns held items nobody touched for the queue's claim timeout to their queue, and routes them on. */
@Injectable()
export class AbandonedClaimsService {
  private readonly logger = new Logger('AbandonedClaims');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(ExceptionTimersRepository) private readonly repo: ExceptionTimersRepository,
  ) {}

  async releaseAbandoned(limit = 1000): Promise<number> {
    const now = this.clock.now();
    const stale = await this.repo.staleClaims(now, limit);
    let released = 0;
    for (const { id } of stale) {
      const done = await this.ds.transaction(async (em) => {
        const row = (await this.repo.isStaleClaim(em, id, now)) ? await lockException(em, id) : null;
        if (!row) return null;
        const minutes = Math.round((now.getTime() - new Date(row.last_activity_at!).getTime()) / 60000);
        return applyTransition(em, row, {
          action: 'time_out',
          actor: SYSTEM,
          now,
          auditAction: 'claim_timed_out',
          reason: `no activity for ${minutes} minutes`,
          data: { previousAssignee: row.assignee_id },
        }).then((r) => ({ r, previous: row.assignee_id! }));
      });
      if (!done) continue;
      released++;
      await this.producer.add(
        QueueName.ExceptionRoute,
        'route',
        { exceptionId: id, reason: ROUTE_REASONS.timedOut, excludeReviewerId: done.previous },
        { jobId: jobIds.route(id, done.r.version) },
      );
    }
    if (released) this.logger.log(`returned ${released} abandoned claim(s) to their queues`);
    return released;
  }
}
