import type { ReviewerMetrics } from '@app/contracts';
import { unresolvedSql } from '../definitions/metric-definitions';
import { planPeriod } from '../definitions/period.util';
import { exceptionEventsSql, unionOver } from '../sql/event-sources.sql';
import { Queryable, SqlParams } from '../sql/sql-params';
import { MetricFilter, ms, n, rate } from '../definitions/metric-filter';
import { readRolledThrough } from './metrics-rollup.repository';

export type { ReviewerMetrics };

/**
 * Per reviewer: live load (open assigned items vs capacity), resolutions today and this week in the
 * reviewer's own time zone, and the median handle time of the items resolved in the period.
 */
export async function queryReviewers(
  db: Queryable,
  f: MetricFilter & { onlyReviewerId?: string },
  now = new Date(),
): Promise<{ period: { from: string; to: string }; reviewers: ReviewerMetrics[] }> {
  const plan = planPeriod(f, await readRolledThrough(db));
  const sql = new SqlParams();
  const at = sql.add(now, 'timestamptz');
  const where: string[] = ['u.disabled_at IS NULL'];
  if (f.onlyReviewerId) where.push(`r.id = ${sql.add(f.onlyReviewerId, 'uuid')}`);
  if (f.country) where.push(`${sql.add(f.country)} = ANY (r.countries)`);
  const localStart = (unit: 'day' | 'week') =>
    `(date_trunc('${unit}', ${at} AT TIME ZONE r.time_zone) AT TIME ZONE r.time_zone)`;
  // Handle times of the period: the stored values of the roll-up days plus the raw edges, so the median stays exact.
  const rolled = plan.rolled
    ? `SELECT reviewer_id AS resolved_by, unnest(handle_seconds) AS seconds FROM metric_reviewer_daily
        WHERE day BETWEEN ${sql.add(plan.rolled.first, 'date')} AND ${sql.add(plan.rolled.last, 'date')}`
    : `SELECT NULL::uuid AS resolved_by, NULL::float8 AS seconds WHERE false`;
  const raw = `SELECT resolved_by, seconds FROM (${unionOver(sql, plan.raw, exceptionEventsSql)}) ev WHERE kind = 'handle' AND resolved_by IS NOT NULL`;
  const handled = `WITH p AS (SELECT resolved_by, count(*) AS resolved_in_period, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median_handle
      FROM (${rolled} UNION ALL ${raw}) h GROUP BY resolved_by)`;
  const rows = await db.query(
    `${handled} SELECT r.id, r.display_name, r.availability, r.time_zone, r.countries, r.capacity, r.weekly_goal,
      (SELECT count(*) FROM exceptions e WHERE e.assignee_id = r.id AND ${unresolvedSql('e')}) AS open,
      (SELECT count(*) FROM exceptions e WHERE e.resolved_by = r.id AND e.resolved_at >= ${localStart('day')} AND e.resolved_at <= ${at}) AS resolved_today,
      (SELECT count(*) FROM exceptions e WHERE e.resolved_by = r.id AND e.resolved_at >= ${localStart('week')} AND e.resolved_at <= ${at}) AS resolved_week,
      p.resolved_in_period, p.median_handle
    FROM reviewers r JOIN staff_users u ON u.id = r.id
    LEFT JOIN p ON p.resolved_by = r.id
    WHERE ${where.join(' AND ')}
    ORDER BY r.display_name`,
    sql.values,
  );
  return {
    period: { from: f.from.toISOString(), to: f.to.toISOString() },
    reviewers: rows.map((r: Record<string, any>) => ({
      reviewerId: r.id,
      name: r.display_name,
      availability: r.availability,
      timeZone: r.time_zone,
      countries: r.countries,
      open: n(r.open),
      capacity: n(r.capacity),
      utilisation: rate(n(r.open), n(r.capacity)),
      resolvedToday: n(r.resolved_today),
      resolvedThisWeek: n(r.resolved_week),
      resolvedInPeriod: n(r.resolved_in_period),
      medianHandleSeconds: ms(r.median_handle),
      weeklyGoal: n(r.weekly_goal),
      goalProgress: rate(n(r.resolved_week), n(r.weekly_goal)),
    })),
  };
}
