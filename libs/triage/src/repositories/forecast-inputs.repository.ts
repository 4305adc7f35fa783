import { EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { hasSkillsFor, isWithinWorkingHours, WorkingHours } from '../eligibility/eligibility';
import { hourOfWeek, QueueForecastInput } from '../forecast/staffing-forecast';
import { isNationalHoliday } from '../holidays/national-holidays';
import { queueAggregateId } from '../queues/queue-aggregate-id';
import { zonedParts, isoDate } from '../sla/zoned-time.util';
import { Sql } from './exception.repository';

const HOUR = 3_600_000;

/** A person on the team as the forecast sees them (real reviewers, and the extra ones of a what-if). */
export interface ForecastReviewer {
  countries: string[];
  languages: string[];
  categories: string[];
  workingHours: WorkingHours;
  timeZone: string;
  homeCountry: string | null;
  /** On shift only from this instant on (what-if reviewers joining at hour H). */
  from?: Date;
}

interface QueueSkills {
  key: string;
  sla_minutes: number;
  required_countries: string[];
  required_languages: string[];
  required_categories: string[];
}

/** Whether a person works at `at`: their hours in their time zone, not a holiday of their home country. */
export function onShift(r: ForecastReviewer, at: Date): boolean {
  if (r.from && at < r.from) return false;
  if (!isWithinWorkingHours(r.workingHours, r.timeZone, at)) return false;
  if (!r.homeCountry) return true;
  const z = zonedParts(at, r.timeZone);
  return !isNationalHoliday(r.homeCountry, isoDate(z.year, z.month, z.day));
}

/**
 * The model's inputs for every queue from history in [trainFrom, trainTo): arrivals per hour of week
 * (averaged over the weeks), mean handle time, the backlog at `at`, and the agents on shift for each
 * of the next `hours` hours — a reviewer eligible for several queues counts in each by its share of
 * their arrivals in that hour.
 */
export async function loadForecastInputs(
  em: Sql,
  o: { at: Date; hours: number; trainFrom: Date; trainTo: Date; extra?: ForecastReviewer[]; queueKey?: string },
): Promise<QueueForecastInput[]> {
  const queues: QueueSkills[] = await em.query(
    `SELECT key, sla_minutes, required_countries, required_languages, required_categories FROM review_queues
     WHERE key <> 'system.failed' ORDER BY key`,
  );
  // A history shorter than the window (a new queue, a new installation) is averaged over what exists.
  const [{ first }] = await em.query(
    `SELECT min(created_at) AS first FROM exceptions WHERE created_at >= $1 AND created_at < $2`,
    [o.trainFrom, o.trainTo],
  );
  const from = Math.max(
    o.trainFrom.getTime(),
    first ? Math.floor(new Date(first).getTime() / (24 * HOUR)) * 24 * HOUR : 0,
  );
  const weeks = Math.max(1 / 7, (o.trainTo.getTime() - from) / (7 * 24 * HOUR));
  const arrivals: { queue_key: string; how: number; n: number }[] = await em.query(
    `SELECT queue_key, ((EXTRACT(ISODOW FROM created_at AT TIME ZONE 'UTC')::int - 1) * 24 + EXTRACT(HOUR FROM created_at AT TIME ZONE 'UTC')::int) AS how,
       count(*)::int AS n FROM exceptions WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2`,
    [o.trainFrom, o.trainTo],
  );
  const handle: { queue_key: string; minutes: number }[] = await em.query(
    `SELECT queue_key, avg(handle_seconds)::float8 / 60 AS minutes FROM exceptions
     WHERE resolved_at >= $1 AND resolved_at < $2 AND handle_seconds > 0 GROUP BY 1`,
    [o.trainFrom, o.trainTo],
  );
  const backlog: { queue_key: string; n: number }[] = await em.query(
    `SELECT queue_key, count(*)::int AS n FROM exceptions
     WHERE created_at < $1 AND (resolved_at IS NULL OR resolved_at > $1) AND status <> 'superseded' GROUP BY 1`,
    [o.at],
  );
  const people: ForecastReviewer[] = [
    ...(
      await em.query(
        `SELECT r.countries, r.languages, r.categories, r.working_hours, r.time_zone, r.home_country FROM reviewers r
         JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL WHERE r.capacity > 0`,
      )
    ).map((r: Record<string, any>) => ({
      countries: r.countries,
      languages: r.languages,
      categories: r.categories,
      workingHours: r.working_hours,
      timeZone: r.time_zone,
      homeCountry: r.home_country,
    })),
    ...(o.extra ?? []),
  ];
  const profile = new Map<string, number[]>(queues.map((q) => [q.key, Array(168).fill(0)]));
  for (const a of arrivals) {
    const p = profile.get(a.queue_key);
    if (p) p[a.how] = a.n / weeks;
  }
  const eligible = people.map((r) =>
    queues
      .filter((q) =>
        hasSkillsFor(r, {
          requiredCountries: q.required_countries,
          requiredLanguages: q.required_languages,
          requiredCategories: q.required_categories,
        }),
      )
      .map((q) => q.key),
  );
  const agents = new Map<string, number[]>(queues.map((q) => [q.key, Array(o.hours).fill(0)]));
  for (let i = 0; i < o.hours; i++) {
    const at = new Date(o.at.getTime() + i * HOUR);
    const how = hourOfWeek(at);
    people.forEach((r, ri) => {
      const keys = eligible[ri];
      if (!keys.length || !onShift(r, at)) return;
      const load = keys.map((k) => profile.get(k)![how]);
      const total = load.reduce((s, x) => s + x, 0);
      keys.forEach((k, j) => (agents.get(k)![i] += total > 0 ? load[j] / total : 1 / keys.length));
    });
  }
  return queues
    .filter((q) => !o.queueKey || q.key === o.queueKey)
    .map((q) => ({
      queueKey: q.key,
      slaMinutes: q.sla_minutes,
      arrivalsByHourOfWeek: profile.get(q.key)!,
      handleMinutes: handle.find((h) => h.queue_key === q.key)?.minutes ?? 15,
      backlog: backlog.find((b) => b.queue_key === q.key)?.n ?? 0,
      agentsByHour: agents.get(q.key)!,
    }));
}

export interface SurgeChange {
  queueKey: string;
  surging: boolean;
  arrivals: number;
  capacity: number;
}

/** Arrivals in the last hour before a queue may be in surge: a handful of items is never a surge. */
export const SURGE_MIN_ARRIVALS = 5;

/**
 * Surge mode per queue: arrivals of the last hour above what the team on shift serves in an hour
 * starts it (time-to-breach ordering, audited as `surge_started`); arrivals back within capacity end it
 * (`surge_ended`, the ordinary priorities return). Returns the queues whose state changed.
 */
export async function detectSurges(em: EntityManager, now: Date, actor: Actor): Promise<SurgeChange[]> {
  const since = new Date(now.getTime() - HOUR);
  const inputs = await loadForecastInputs(em, {
    at: now,
    hours: 1,
    trainFrom: new Date(now.getTime() - 28 * 24 * HOUR),
    trainTo: now,
  });
  const recent: { queue_key: string; n: number }[] = await em.query(
    `SELECT queue_key, count(*)::int AS n FROM exceptions WHERE created_at > $1 AND created_at <= $2 GROUP BY 1`,
    [since, now],
  );
  const state: { key: string; surge_since: Date | null }[] = await em.query(
    `SELECT key, surge_since FROM review_queues ORDER BY key FOR UPDATE`,
  );
  const changes: SurgeChange[] = [];
  for (const q of inputs) {
    const arrivals = recent.find((r) => r.queue_key === q.queueKey)?.n ?? 0;
    const capacity = (q.agentsByHour[0] ?? 0) * (60 / Math.max(q.handleMinutes, 0.1));
    const surging = arrivals >= SURGE_MIN_ARRIVALS && arrivals > capacity;
    const was = state.find((s) => s.key === q.queueKey)?.surge_since ?? null;
    if (surging === !!was) continue;
    await em.query(`UPDATE review_queues SET surge_since = $2 WHERE key = $1`, [q.queueKey, surging ? now : null]);
    await recordAudit(em, {
      aggregateType: 'queue',
      aggregateId: queueAggregateId(q.queueKey),
      action: surging ? 'surge_started' : 'surge_ended',
      actor,
      reason: surging
        ? `${arrivals} arrivals in the last hour, the team on shift serves ${capacity.toFixed(1)}`
        : `arrivals back within capacity (${arrivals} in the last hour, capacity ${capacity.toFixed(1)})`,
      data: { queue: q.queueKey, arrivals, capacity: Math.round(capacity * 10) / 10 },
    });
    changes.push({ queueKey: q.queueKey, surging, arrivals, capacity });
  }
  return changes;
}
