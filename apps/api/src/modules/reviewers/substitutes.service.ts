import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROUTE_REASONS } from '@app/queueing';
import { handOverHeldItems, returnHandedOverItems, TriageClock } from '@app/triage';
import { StaffPrincipal } from '../auth/staff-principal';
import { ReviewJobsService } from '../review/review-jobs.service';

/**
 * Work follows presence: going away or off hands a reviewer's held items to substitutes (their named
 * one first, else the eligible reviewer with the most room); coming back online returns what is still
 * undecided, when their setting says so. Each move is an audited transition.
 */
@Injectable()
export class SubstitutesService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(ReviewJobsService) private readonly jobs: ReviewJobsService,
  ) {}

  async afterAvailability(p: StaffPrincipal, reviewerId: string, a: { before: string; after: string }) {
    if (a.before === a.after) return;
    const actor = { type: 'staff' as const, id: p.userId };
    const now = this.clock.now();
    if (a.after !== 'online') {
      const moved = await this.ds.transaction((em) => handOverHeldItems(em, reviewerId, now, actor));
      // Items nobody could take are back in their queues: routing looks for someone again.
      for (const m of moved.filter((x) => !x.to))
        await this.jobs.route(m.exceptionId, now.getTime(), ROUTE_REASONS.released, reviewerId);
      return;
    }
    await this.ds.transaction((em) => returnHandedOverItems(em, reviewerId, now, actor));
  }
}
