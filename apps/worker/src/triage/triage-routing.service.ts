import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupCommit, settle, type Settled } from '@app/persistence';
import {
  assignToBestReviewer,
  claimNext,
  ExceptionRow,
  planRoutingMany,
  TriageClock,
  withPushCandidates,
} from '@app/triage';
import { SlaTimerService } from './sla-timer.service';

export interface RouteRequest {
  exceptionId: string;
  excludeReviewerId?: string;
}

/** Routing: plan the SLA and priority of an item, then push it to the best eligible reviewer. */
@Injectable()
export class TriageRoutingService {
  private readonly logger = new Logger('TriageRouting');
  /** Concurrent route jobs are routed together (GroupCommit): one plan transaction, one look for reviewers. */
  private readonly group = new GroupCommit<RouteRequest, string | null>((items) => this.routeMany(items));

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(SlaTimerService) private readonly timers: SlaTimerService,
  ) {}

  /** Returns the assignee, or null when the item waits in its queue. Safe to run twice. */
  route(exceptionId: string, excludeReviewerId?: string): Promise<string | null> {
    return this.group.submit({ exceptionId, excludeReviewerId });
  }

  /**
   * Routes a group: SLA and priority planned for all in one transaction (each alone if that fails), their
   * timers scheduled in one enqueue, then one statement finds the items some reviewer could take now; only
   * those are pushed, each in its own transaction as before (the choice under the reviewer's lock).
   */
  private async routeMany(items: RouteRequest[]): Promise<Settled<string | null>[]> {
    const ids = items.map((i) => i.exceptionId);
    let planned: Map<string, ExceptionRow | undefined>;
    const failed = new Map<string, unknown>();
    try {
      planned = await this.ds.transaction((em) => planRoutingMany(em, ids, this.clock.now()));
    } catch (err) {
      if (items.length > 1)
        this.logger.warn(`a group of ${items.length} was not planned together, planning each alone: ${String(err)}`);
      planned = new Map();
      const each = await Promise.all(
        ids.map((id) => settle(this.ds.transaction((em) => planRoutingMany(em, [id], this.clock.now())))),
      );
      each.forEach((o, i) => {
        if (o.ok) planned.set(ids[i], o.value.get(ids[i]));
        else failed.set(ids[i], o.error);
      });
    }
    const timed = [...new Set(ids)].map((id) => planned.get(id)).filter((r): r is ExceptionRow => !!r?.sla_due_at);
    if (timed.length) await this.timers.schedule(timed);
    const pushable = items.filter((i) => planned.get(i.exceptionId));
    const open = await withPushCandidates(this.ds.manager, pushable, this.clock.now());
    return Promise.all(
      items.map((i): Promise<Settled<string | null>> => {
        if (failed.has(i.exceptionId)) return Promise.resolve({ ok: false, error: failed.get(i.exceptionId) });
        if (!planned.get(i.exceptionId) || !open.has(i.exceptionId)) return Promise.resolve({ ok: true, value: null });
        return settle(
          this.ds
            .transaction((em) => assignToBestReviewer(em, i.exceptionId, this.clock.now(), i.excludeReviewerId))
            .then((row) => row?.assignee_id ?? null),
        );
      }),
    );
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
