import type { QueueMetrics } from '@app/contracts';
import { AGEING_BUCKETS, AgeingBucketKey, unresolvedSql } from '../definitions/metric-definitions';
import { periodHours, planPeriod } from '../definitions/period.util';
import { exceptionEventsSql, unionOver } from '../sql/event-sources.sql';
import { Queryable, SqlParams } from '../sql/sql-params';
import { MetricFilter, n, rate } from '../definitions/metric-filter';
import { readRolledThrough } from './metrics-rollup.repository';

export type { QueueMetrics };

/** Live backlog of every queue (now) and its arrival / service rates over the period. */
export async function queryQueues(
  db: Queryable,
  f: MetricFilter,
  now = new Date(),
): Promise<{ period: { from: string; to: string }; queues: QueueMetrics[] }> {
  const plan = planPeriod(f, await readRolledThrough(db));
  const [live, flow] = await Promise.all([liveBacklog(db, f, now), periodFlow(db, f, plan)]);
  const flowOf = new Map(flow.map((r) => [r.queue_key as string, r]));
  const hours = periodHours(f);
  return {
    period: { from: f.from.toISOString(), to: f.to.toISOString() },
    queues: live.map((q) => {
      const fl = flowOf.get(q.key);
      const arrivals = n(fl?.opened);
      const resolved = n(fl?.resolved);
      const ageing = Object.fromEntries(AGEING_BUCKETS.map((b) => [b.key, n(q[`age_${b.key}`])])) as Record<
        AgeingBucketKey,
        number
      >;
      return {
        key: q.key,
        name: q.name,
        country: q.country?.trim() ?? null,
        slaMinutes: n(q.sla_minutes),
        backlog: n(q.backlog),
        unassigned: n(q.unassigned),
        oldestAgeSeconds: q.oldest_age === null ? null : Math.round(Number(q.oldest_age)),
        ageing,
        atRisk: n(q.at_risk),
        breached: n(q.breached),
        slaPaused: n(q.sla_paused),
        arrivals,
        resolved,
        arrivalRatePerHour: hours > 0 ? arrivals / hours : 0,
        serviceRatePerHour: hours > 0 ? resolved / hours : 0,
        slaAttainment: rate(n(fl?.resolved_in_sla), n(fl?.resolved_with_due)),
      };
    }),
  };
}

async function liveBacklog(db: Queryable, f: MetricFilter, now: Date): Promise<Record<string, any>[]> {
  const sql = new SqlParams();
  const at = sql.add(now, 'timestamptz');
  const age = `extract(epoch FROM ${at} - e.created_at)`;
  let lower = 0;
  const ageCols = AGEING_BUCKETS.map((b) => {
    const cond = Number.isFinite(b.maxSeconds)
      ? `${age} >= ${lower} AND ${age} < ${b.maxSeconds}`
      : `${age} >= ${lower}`;
    lower = b.maxSeconds;
    return `count(e.id) FILTER (WHERE ${cond}) AS age_${b.key}`;
  }).join(', ');
  const queueFilter: string[] = [];
  const exFilter: string[] = [];
  if (f.queue) queueFilter.push(`q.key = ${sql.add(f.queue)}`);
  if (f.country) {
    const c = sql.add(f.country);
    queueFilter.push(`(q.country = ${c} OR q.country IS NULL)`);
    exFilter.push(`AND e.country = ${c}`);
  }
  return db.query(
    `SELECT q.key, q.name, q.country, q.sla_minutes,
      count(e.id) AS backlog, count(e.id) FILTER (WHERE e.assignee_id IS NULL) AS unassigned, max(${age}) AS oldest_age, ${ageCols},
      count(e.id) FILTER (WHERE e.sla_paused_at IS NULL AND e.sla_due_at > ${at} AND (e.sla_warned_at IS NOT NULL
        OR ${at} >= e.created_at + (e.sla_due_at - e.created_at) * q.warn_at_share::float8)) AS at_risk,
      count(e.id) FILTER (WHERE e.sla_breached_at IS NOT NULL OR (e.sla_paused_at IS NULL AND e.sla_due_at <= ${at})) AS breached,
      count(e.id) FILTER (WHERE e.sla_paused_at IS NOT NULL) AS sla_paused
    FROM review_queues q LEFT JOIN exceptions e ON e.queue_key = q.key AND ${unresolvedSql('e')} ${exFilter.join(' ')}
    ${queueFilter.length ? `WHERE ${queueFilter.join(' AND ')}` : ''}
    GROUP BY q.key ORDER BY count(e.id) DESC, q.key`,
    sql.values,
  );
}

async function periodFlow(
  db: Queryable,
  f: MetricFilter,
  plan: ReturnType<typeof planPeriod>,
): Promise<Record<string, any>[]> {
  const sql = new SqlParams();
  const where = (): string =>
    [f.queue ? `queue_key = ${sql.add(f.queue)}` : 'true', f.country ? `country = ${sql.add(f.country)}` : 'true'].join(
      ' AND ',
    );
  const rolled = plan.rolled
    ? `SELECT queue_key, opened, resolved, resolved_with_due, resolved_in_sla FROM metric_exception_daily
        WHERE day BETWEEN ${sql.add(plan.rolled.first, 'date')} AND ${sql.add(plan.rolled.last, 'date')} AND ${where()}`
    : `SELECT NULL::text AS queue_key, 0 AS opened, 0 AS resolved, 0 AS resolved_with_due, 0 AS resolved_in_sla WHERE false`;
  const raw = `SELECT queue_key, count(*) FILTER (WHERE kind = 'opened'), count(*) FILTER (WHERE kind = 'resolution'),
        count(*) FILTER (WHERE kind = 'resolution' AND in_sla IS NOT NULL), count(*) FILTER (WHERE kind = 'resolution' AND in_sla)
      FROM (${unionOver(sql, plan.raw, exceptionEventsSql)}) ev WHERE kind IN ('opened', 'resolution') AND ${where()} GROUP BY queue_key`;
  return db.query(
    `SELECT queue_key, sum(opened) AS opened, sum(resolved) AS resolved, sum(resolved_with_due) AS resolved_with_due, sum(resolved_in_sla) AS resolved_in_sla
    FROM (${rolled} UNION ALL ${raw}) x GROUP BY queue_key`,
    sql.values,
  );
}
