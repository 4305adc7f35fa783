import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '@app/persistence';
import { ROUTE_REASONS } from '@app/queueing';
import {
  INVOICE_COUNTRIES,
  nationalHolidays,
  queueCalendars,
  replanQueueSla,
  ReplannedItem,
  TriageClock,
  findQueue,
} from '@app/triage';
import { conflict, notFound, unprocessable } from '../../common/api-error';
import { StaffPrincipal } from '../auth/staff-principal';
import { ReviewJobsService } from '../review/review-jobs.service';
import { ClosingDayRow, ClosingDaysRepository } from './closing-days.repository';
import { ClosingDayDto } from './dto/closing-day.dto';

const view = (r: ClosingDayRow) => ({
  id: r.id,
  day: r.day,
  country: r.country,
  queueKey: r.queue_key,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Company closing days on top of the national holidays. Adding or taking one back re-plans the running
 * SLAs of the queues it closes (each moved item audited) and has the worker re-arm their timers.
 */
@Injectable()
export class ClosingDaysService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(ReviewJobsService) private readonly jobs: ReviewJobsService,
    @Inject(ClosingDaysRepository) private readonly closingDays: ClosingDaysRepository,
  ) {}

  holidays(country: string | undefined, year: number | undefined, region?: string) {
    const y = year ?? this.clock.now().getUTCFullYear();
    const countries = country ? [country] : INVOICE_COUNTRIES;
    return {
      year: y,
      region: region ?? null,
      countries: countries.map((c) => ({ country: c, items: nationalHolidays(c, y, region) })),
    };
  }

  async list(from?: string) {
    const rows = await this.closingDays.list(from ?? null, this.clock.now());
    return { items: rows.map(view) };
  }

  async add(p: StaffPrincipal, dto: ClosingDayDto) {
    const now = this.clock.now();
    if (dto.day < now.toISOString().slice(0, 10))
      throw unprocessable('CLOSING_DAY_IN_PAST', `${dto.day} has passed`, [
        { path: 'day', issue: 'in the past', expected: 'today or later', actual: dto.day },
      ]);
    const { row, moved } = await this.ds.transaction(async (em) => {
      if (dto.queueKey) {
        if (!(await findQueue(em, dto.queueKey)))
          throw unprocessable('UNKNOWN_QUEUE', `No queue ${dto.queueKey}`, [
            { path: 'queueKey', issue: 'unknown queue', actual: dto.queueKey },
          ]);
      }
      return this.changing(em, p, dto.country ?? null, dto.queueKey ?? null, now, async () => {
        const row = await this.closingDays.insert(em, {
          day: dto.day,
          country: dto.country ?? null,
          queueKey: dto.queueKey ?? null,
          reason: dto.reason,
          createdBy: p.userId,
        });
        if (!row) throw conflict('CLOSING_DAY_EXISTS', `${dto.day} is already a closing day for this scope`);
        await this.audit(em, p, row, 'closing_day_added');
        return row;
      });
    });
    await this.rearm(moved);
    return { ...view(row), replanned: moved.length };
  }

  async remove(p: StaffPrincipal, id: string) {
    const now = this.clock.now();
    const { moved } = await this.ds.transaction(async (em) => {
      const found = /^[0-9a-f-]{36}$/i.test(id) ? await this.closingDays.lock(em, id) : null;
      if (!found) throw notFound('Closing day', id);
      return this.changing(em, p, found.country, found.queue_key, now, async () => {
        await this.closingDays.delete(em, id);
        await this.audit(em, p, found, 'closing_day_removed');
        return found;
      });
    });
    await this.rearm(moved);
    return { removed: id, replanned: moved.length };
  }

  /** Runs a change of closing days between reading the affected queues' calendars and re-planning on the new ones. */
  private async changing(
    em: EntityManager,
    p: StaffPrincipal,
    country: string | null,
    queueKey: string | null,
    now: Date,
    change: () => Promise<ClosingDayRow>,
  ): Promise<{ row: ClosingDayRow; moved: ReplannedItem[] }> {
    const queues = await this.closingDays.lockQueues(em, queueKey, country);
    // One statement for every affected queue: the transaction's one connection runs a query at a time.
    const before = await queueCalendars(em, queues, now);
    const row = await change();
    const moved: ReplannedItem[] = [];
    const why = `closing day ${row.day}: ${row.reason}`;
    for (const q of queues)
      moved.push(...(await replanQueueSla(em, q, before.get(q.key)!, now, { type: 'staff', id: p.userId }, why)));
    return { row, moved };
  }

  private async audit(em: EntityManager, p: StaffPrincipal, r: ClosingDayRow, action: string) {
    await recordAudit(em, {
      aggregateType: 'settings',
      aggregateId: r.id,
      action,
      actor: { type: 'staff', id: p.userId },
      reason: r.reason,
      data: { day: r.day, country: r.country, queueKey: r.queue_key },
    });
  }

  /** The worker schedules the moved items' SLA timers again (a route job keeps the SLA it finds). */
  private async rearm(moved: ReplannedItem[]): Promise<void> {
    for (const m of moved) await this.jobs.route(m.id, m.version, ROUTE_REASONS.slaReplanned);
  }
}
