import { BusinessCalendar } from '../sla/business-hours';
import { PriorityRule } from '../priority/priority';
import { Sql } from './exception-row';

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

export const fourEyesPolicyOf = (q: QueueRow) => ({
  key: q.key,
  fourEyes: q.four_eyes,
  fourEyesAmountThreshold: q.four_eyes_amount_threshold,
});
