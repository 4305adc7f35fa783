import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLAIMABLE_STATUSES, QueueRow, Sql, sqlStatusList } from '@app/triage';
import { QueueSettingsDto } from './dto/queue-settings.dto';

/** A setting's column and how its value is stored. */
const COLUMNS: Record<keyof QueueSettingsDto, [string, (v: any) => unknown]> = {
  name: ['name', (v) => v],
  category: ['category', (v) => v],
  country: ['country', (v) => v],
  slaMinutes: ['sla_minutes', (v) => v],
  warnAtShare: ['warn_at_share', (v) => v],
  calendar: ['calendar', (v) => JSON.stringify({ holidays: [], ...v })],
  timeZone: ['time_zone', (v) => v],
  requiredCountries: ['required_countries', (v) => v],
  requiredLanguages: ['required_languages', (v) => v],
  requiredCategories: ['required_categories', (v) => v],
  priorityRule: ['priority_rule', (v) => JSON.stringify(v)],
  fourEyes: ['four_eyes', (v) => v],
  fourEyesAmountThreshold: ['four_eyes_amount_threshold', (v) => v],
  claimTimeoutMinutes: ['claim_timeout_minutes', (v) => v],
  routeByCountry: ['route_by_country', (v) => v],
  countryFallbackMinutes: ['country_fallback_minutes', (v) => v],
  hourlyCost: ['hourly_cost', (v) => v],
};

/** Live counts of a queue's active items. */
export interface QueueCountsRow {
  open: number;
  unassigned: number;
  oldest: Date | null;
  at_risk: number;
  breached: number;
  paused: number;
}

/** The SQL of the review queues' settings and their live counts (the triage store creates and reads single queues). */
@Injectable()
export class QueuesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Every queue with the counts of its active items as of `now` (at risk, breached, paused, oldest), by key. */
  listWithCounts(now: Date): Promise<(QueueRow & QueueCountsRow)[]> {
    return this.ds.query(
      `SELECT q.*, count(e.id)::int AS open,
         count(e.id) FILTER (WHERE e.status IN (${sqlStatusList(CLAIMABLE_STATUSES)}) AND e.assignee_id IS NULL)::int AS unassigned,
         min(e.created_at) AS oldest,
         count(e.id) FILTER (WHERE e.sla_breached_at IS NULL AND e.sla_paused_at IS NULL AND e.sla_due_at > $1 AND (e.sla_warned_at IS NOT NULL OR e.sla_warn_at <= $1))::int AS at_risk,
         count(e.id) FILTER (WHERE e.sla_breached_at IS NOT NULL OR (e.sla_paused_at IS NULL AND e.sla_due_at <= $1))::int AS breached,
         count(e.id) FILTER (WHERE e.sla_paused_at IS NOT NULL)::int AS paused
       FROM review_queues q LEFT JOIN exceptions e ON e.queue_key = q.key AND e.status NOT IN ('resolved','superseded')
       GROUP BY q.key ORDER BY q.key`,
      [now],
    );
  }

  /** Locks a queue for the rest of the transaction; null when unknown. */
  async lock(em: Sql, key: string): Promise<QueueRow | null> {
    const [before] = await em.query(`SELECT * FROM review_queues WHERE key = $1 FOR UPDATE`, [key]);
    return before ?? null;
  }

  /** Stores the settings given (undefined ones are left as they are) in one statement. */
  async updateSettings(em: Sql, key: string, dto: QueueSettingsDto): Promise<void> {
    const entries = (Object.keys(dto) as (keyof QueueSettingsDto)[]).filter((k) => dto[k] !== undefined && COLUMNS[k]);
    if (!entries.length) return;
    await em.query(
      `UPDATE review_queues SET ${entries.map((k, i) => `${COLUMNS[k][0]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE key = $1`,
      [key, ...entries.map((k) => COLUMNS[k][1](dto[k]))],
    );
  }
}
