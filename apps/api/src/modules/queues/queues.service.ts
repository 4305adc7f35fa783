import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '@app/persistence';
import {
  defaultQueueSettings,
  ensureDefaultQueues,
  ensureQueue,
  findQueue,
  rescoreWaiting,
  TriageClock,
} from '@app/triage';
import { conflict, notFound, unprocessable } from '../../common/api-error';
import { StaffPrincipal } from '../auth/staff-principal';
import { QueueFourEyes } from '../pending-changes/pending-change.kinds';
import { requestChanges } from '../pending-changes/pending-change.repository';
import { CalendarDto, CreateQueueDto, QueueSettingsDto } from './dto/queue-settings.dto';
import { splitFourEyesChange } from './four-eyes-dual-control';
import { queueAggregateId } from './queue-aggregate-id.util';
import { QueueCountsRow, QueuesRepository } from './queues.repository';
import { QueueStats, queueView } from './queue.view';

/** Review queues as data: settings an admin changes without a deploy, and live counts per queue. */
@Injectable()
export class QueuesService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(QueuesRepository) private readonly repo: QueuesRepository,
  ) {}

  async seedDefaults(): Promise<void> {
    await ensureDefaultQueues(this.ds);
  }

  async list() {
    const now = this.clock.now();
    const rows = await this.repo.listWithCounts(now);
    return { items: rows.map((r) => queueView(r, statsOf(r, now))) };
  }

  async get(key: string) {
    const all = await this.list();
    const q = all.items.find((i) => i.key === key);
    if (!q) throw notFound('Queue', key);
    return q;
  }

  async create(p: StaffPrincipal, dto: CreateQueueDto) {
    checkTimeZone(dto.timeZone);
    return this.ds.transaction(async (em) => {
      if (await findQueue(em, dto.key)) throw conflict('QUEUE_EXISTS', `Queue ${dto.key} exists; change it with PATCH`);
      await ensureQueue(em, defaultQueueSettings(dto.key, dto.category));
      const { key, ...requested } = dto;
      const created = (await findQueue(em, key))!;
      const { immediate: settings, loosening } = splitFourEyesChange(created, requested);
      if (settings.calendar) settings.calendar = keepHolidayCountry(settings.calendar, created.calendar);
      await this.repo.updateSettings(em, key, settings);
      await recordAudit(em, {
        aggregateType: 'queue',
        aggregateId: queueAggregateId(key),
        action: 'created',
        actor: { type: 'staff', id: p.userId },
        data: { key, ...settings },
      });
      const pendingChanges = await this.requestLoosening(em, p, key, loosening);
      return { ...queueView((await findQueue(em, key))!), pendingChanges };
    });
  }

  /** Applies the change, except loosening four eyes: that becomes a pending change (in the answer) for a second manager. */
  async update(p: StaffPrincipal, key: string, requested: QueueSettingsDto) {
    checkTimeZone(requested.timeZone);
    const view = await this.ds.transaction(async (em) => {
      const before = await this.repo.lock(em, key);
      if (!before) throw notFound('Queue', key);
      const { immediate: dto, loosening } = splitFourEyesChange(before, requested);
      if (dto.calendar) dto.calendar = keepHolidayCountry(dto.calendar, before.calendar);
      await this.repo.updateSettings(em, key, dto);
      await recordAudit(em, {
        aggregateType: 'queue',
        aggregateId: queueAggregateId(key),
        action: 'updated',
        actor: { type: 'staff', id: p.userId },
        data: { key, changes: dto },
      });
      const pendingChanges = await this.requestLoosening(em, p, key, loosening);
      return { ...queueView((await findQueue(em, key))!), pendingChanges };
    });
    // A new rule reorders the backlog at once (in short batches after the commit, so claims are not held up);
    // should this fail, the worker's periodic re-scoring catches up.
    if (requested.priorityRule) await rescoreWaiting(this.ds, this.clock.now(), { queueKey: key });
    return view;
  }

  private async requestLoosening(em: EntityManager, p: StaffPrincipal, key: string, loosening: QueueFourEyes | null) {
    return requestChanges(
      em,
      loosening ? [{ kind: 'queue.four-eyes', targetType: 'queue', targetId: key, payload: loosening }] : [],
      p.userId,
      null,
    );
  }
}

function statsOf(r: QueueCountsRow, now: Date): QueueStats {
  return {
    open: r.open,
    unassigned: r.unassigned,
    atRisk: r.at_risk,
    breached: r.breached,
    paused: r.paused,
    oldestAgeSeconds: r.oldest ? Math.max(0, Math.round((now.getTime() - new Date(r.oldest).getTime()) / 1000)) : null,
  };
}

/** A calendar sent without its holiday country keeps the one it had (a new working window must not drop the holidays). */
function keepHolidayCountry(
  next: CalendarDto,
  before: { country?: string | null; region?: string | null },
): CalendarDto {
  return {
    ...next,
    country: next.country === undefined ? (before.country ?? null) : next.country,
    region: next.region === undefined ? (before.region ?? null) : next.region,
  };
}

function checkTimeZone(tz: string | undefined): void {
  if (tz === undefined) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw unprocessable('UNKNOWN_TIME_ZONE', `Unknown time zone ${tz}`, [
      { path: 'timeZone', issue: 'not an IANA time zone', expected: 'e.g. Europe/Tallinn', actual: tz },
    ]);
  }
}
