import { BusinessCalendar } from '../sla/business-hours';
import { PriorityRule } from '../priority/priority';
import { DEFAULT_QUEUE_KEYS, defaultQueueSettings, QueueDefaults } from '../queues/queue-defaults';
import { Sql } from './exception.repository';

/** A review_queues row as PostgreSQL returns it. */
export interface QueueRow {
  key: string;
  /** EUR per hour of review (NUMERIC as text). */
  hourly_cost?: string;
  name: string;
  category: string;
  country: string | null;
  sla_minutes: number;
  warn_at_share: string;
  calendar: BusinessCalendar;
  time_zone: string;
  required_countries: string[];
  required_languages: string[];
  required_categories: string[];
  priority_rule: PriorityRule;
  four_eyes: boolean;
  four_eyes_amount_threshold: string | null;
  claim_timeout_minutes: number;
  surge_since?: Date | null;
  route_by_country?: boolean;
  country_fallback_minutes?: number;
  created_at: Date;
  updated_at: Date;
}

export async function findQueue(em: Sql, key: string): Promise<QueueRow | null> {
  const rows: QueueRow[] = await em.query(`SELECT * FROM review_queues WHERE key = $1`, [key]);
  return rows[0] ?? null;
}

/** The queues with these keys (one statement), by key. */
export async function findQueues(em: Sql, keys: string[]): Promise<Map<string, QueueRow>> {
  const rows: QueueRow[] = await em.query(`SELECT * FROM review_queues WHERE key = ANY($1::text[])`, [keys]);
  return new Map(rows.map((q) => [q.key, q]));
}

export const fourEyesPolicyOf = (q: QueueRow) => ({
  key: q.key,
  fourEyes: q.four_eyes,
  fourEyesAmountThreshold: q.four_eyes_amount_threshold,
});

/** Creates a review queue with its defaults unless one with that key exists (an admin's settings win). */
export async function ensureQueue(em: Sql, q: QueueDefaults): Promise<void> {
  await em.query(
    `INSERT INTO review_queues (key, name, category, country, sla_minutes, warn_at_share, calendar, time_zone, required_countries,
       required_languages, required_categories, priority_rule, four_eyes, four_eyes_amount_threshold, claim_timeout_minutes, route_by_country)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) ON CONFLICT (key) DO NOTHING`,
    [
      q.key,
      q.name,
      q.category,
      q.country,
      q.slaMinutes,
      q.warnAtShare,
      JSON.stringify(q.calendar),
      q.timeZone,
      q.requiredCountries,
      q.requiredLanguages,
      q.requiredCategories,
      JSON.stringify(q.priorityRule),
      q.fourEyes,
      q.fourEyesAmountThreshold,
      q.claimTimeoutMinutes ?? 30,
      q.routeByCountry ?? false,
    ],
  );
}

/** Seeds the default queues (idempotent; existing queues keep their settings). */
export async function ensureDefaultQueues(em: Sql): Promise<number> {
  for (const key of DEFAULT_QUEUE_KEYS) await ensureQueue(em, defaultQueueSettings(key));
  return DEFAULT_QUEUE_KEYS.length;
}
