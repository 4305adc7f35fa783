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
export function ensureQueue(em: Sql, q: QueueDefaults): Promise<void> {
  return ensureQueues(em, [q]);
}

/**
 * Creates the review queues with their defaults in one statement, each unless one with its key exists
 * (an admin's settings win); of two defaults with the same key, the first is the one created.
 */
export async function ensureQueues(em: Sql, qs: QueueDefaults[]): Promise<void> {
  if (!qs.length) return;
  const rows = qs.map((q) => ({
    key: q.key,
    name: q.name,
    category: q.category,
    country: q.country,
    sla_minutes: q.slaMinutes,
    warn_at_share: q.warnAtShare,
    calendar: q.calendar,
    time_zone: q.timeZone,
    required_countries: q.requiredCountries,
    required_languages: q.requiredLanguages,
    required_categories: q.requiredCategories,
    priority_rule: q.priorityRule,
    four_eyes: q.fourEyes,
    four_eyes_amount_threshold: q.fourEyesAmountThreshold,
    claim_timeout_minutes: q.claimTimeoutMinutes ?? 30,
    route_by_country: q.routeByCountry ?? false,
  }));
  const columns = Object.keys(rows[0]).join(', ');
  await em.query(
    `INSERT INTO review_queues (${columns})
     SELECT ${columns} FROM jsonb_populate_recordset(NULL::review_queues, $1::jsonb) WITH ORDINALITY
     ORDER BY ordinality ON CONFLICT (key) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/** Seeds the default queues (idempotent; existing queues keep their settings). */
export async function ensureDefaultQueues(em: Sql): Promise<number> {
  await ensureQueues(
    em,
    DEFAULT_QUEUE_KEYS.map((key) => defaultQueueSettings(key)),
  );
  return DEFAULT_QUEUE_KEYS.length;
}
