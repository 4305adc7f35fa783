import type * as Contract from '@app/contracts';
import {
  ALL,
  DEFAULT_EXACT_PERCENTILE_LIMIT,
  DURATION_MEASURES,
  DurationMeasure,
  PERCENTILES,
} from '../definitions/metric-definitions';
import { bucketSql, percentileFromHistogram } from '../definitions/histogram.util';
import { daysOf, periodHours, planPeriod, splitMonths } from '../definitions/period.util';
import { exceptionEventsSql, invoiceEventsSql, unionOver } from '../sql/event-sources.sql';
import { Queryable, SqlParams } from '../sql/sql-params';
import { durationStats, DurationStats, MetricFilter, n, rate } from '../definitions/metric-filter';
import { readRolledThrough } from './metrics-rollup.repository';

/** The summary as the metrics lib computes it; the API adds the pipeline figures for managers. */
export type MetricsSummary = Omit<Contract.MetricsSummary, 'pipeline'>;

/** Exception-side filter over the event columns (queue, country, own resolutions). */
function exceptionWhere(sql: SqlParams, f: MetricFilter): string {
  const parts = ['true'];
  if (f.queue) parts.push(`queue_key = ${sql.add(f.queue)}`);
  if (f.country) parts.push(`country = ${sql.add(f.country)}`);
  if (f.reviewerId) parts.push(`resolved_by = ${sql.add(f.reviewerId, 'uuid')}`);
  return parts.join(' AND ');
}

export async function querySummary(
  db: Queryable,
  f: MetricFilter,
  exactLimit = DEFAULT_EXACT_PERCENTILE_LIMIT,
): Promise<MetricsSummary> {
  const rolledThrough = await readRolledThrough(db);
  // A reviewer's own figures are few: always exact and from raw rows.
  const plan = f.reviewerId ? { rolled: null, raw: [{ from: f.from, to: f.to }] } : planPeriod(f, rolledThrough);

  // The raw path reads every exception of the period whatever the queue/country filter, so it is chosen on the unfiltered volume.
  const filtered = !f.reviewerId && (f.queue || f.country);
  // With roll-up days in the period the histogram is nearly always the answer: it is read alongside the counts, not after them.
  const histogram = plan.rolled ? histogramRows(db, f, plan) : null;
  histogram?.catch(() => undefined);
  const [exceptionDays, invoiceDays, unfilteredDays] = await Promise.all([
    exceptionCountsByDay(db, f, plan),
    f.reviewerId ? Promise.resolve(null) : invoiceCountsByDay(db, f, plan),
    filtered ? exceptionCountsByDay(db, { from: f.from, to: f.to }, plan) : Promise.resolve(null),
  ]);
  const sum = (rows: Record<string, unknown>[], k: string) => rows.reduce((s, r) => s + n(r[k]), 0);
  const resolved = sum(exceptionDays, 'resolved');
  const scanned = unfilteredDays ?? exceptionDays;
  const useExact = Math.max(sum(scanned, 'resolved'), sum(scanned, 'claimed')) <= exactLimit;
  const durations = useExact
    ? await exactDurations(db, f)
    : histogramDurations(await (histogram ?? histogramRows(db, f, plan)), exceptionDays);

  const byDayEx = new Map(exceptionDays.map((r) => [String(r.day), r]));
  const byDayInv = new Map((invoiceDays ?? []).map((r) => [String(r.day), r]));
  const hours = periodHours(f);
  const validated = invoiceDays ? sum(invoiceDays, 'validated') : null;
  const touchless = invoiceDays ? sum(invoiceDays, 'touchless') : null;
  return {
    period: { from: f.from.toISOString(), to: f.to.toISOString() },
    filters: { queue: f.queue ?? null, country: f.country ?? null },
    scope: f.reviewerId ? 'self' : 'all',
    received: invoiceDays ? sum(invoiceDays, 'received') : null,
    validated,
    touchless,
    touchlessRate: validated === null || touchless === null ? null : rate(touchless, validated),
    exceptionsOpened: f.reviewerId ? null : sum(exceptionDays, 'opened'),
    exceptionsResolved: resolved,
    resolutionTime: durations.resolution,
    waitTime: durations.wait,
    handleTime: durations.handle,
    percentileMethod: useExact ? 'exact' : 'histogram',
    slaAttainment: rate(sum(exceptionDays, 'resolved_in_sla'), sum(exceptionDays, 'resolved_with_due')),
    throughput: { perHour: hours > 0 ? resolved / hours : 0, perDay: hours > 0 ? (resolved / hours) * 24 : 0 },
    series: daysOf(f).map((day) => ({
      day,
      received: invoiceDays ? n(byDayInv.get(day)?.received) : null,
      opened: f.reviewerId ? null : n(byDayEx.get(day)?.opened),
      resolved: n(byDayEx.get(day)?.resolved),
    })),
    rolledThrough,
  };
}

type Plan = ReturnType<typeof planPeriod>;

async function exceptionCountsByDay(db: Queryable, f: MetricFilter, plan: Plan): Promise<Record<string, unknown>[]> {
  const sql = new SqlParams();
  const rolled = plan.rolled
    ? `SELECT to_char(day, 'YYYY-MM-DD') AS day, opened, resolved, resolved_with_due, resolved_in_sla, claimed, resolution_seconds_sum, wait_seconds_sum, handle_seconds_sum
         FROM metric_exception_daily WHERE day BETWEEN ${sql.add(plan.rolled.first, 'date')} AND ${sql.add(plan.rolled.last, 'date')} AND ${exceptionWhere(sql, f)}`
    : `SELECT NULL::text AS day, 0 AS opened, 0 AS resolved, 0 AS resolved_with_due, 0 AS resolved_in_sla, 0 AS claimed, 0::float8 AS resolution_seconds_sum, 0::float8 AS wait_seconds_sum, 0::float8 AS handle_seconds_sum WHERE false`;
  const raw = `SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*) FILTER (WHERE kind = 'opened') AS opened, count(*) FILTER (WHERE kind = 'resolution') AS resolved,
        count(*) FILTER (WHERE kind = 'resolution' AND in_sla IS NOT NULL) AS resolved_with_due, count(*) FILTER (WHERE kind = 'resolution' AND in_sla) AS resolved_in_sla,
        count(*) FILTER (WHERE kind = 'wait') AS claimed, coalesce(sum(seconds) FILTER (WHERE kind = 'resolution'), 0) AS resolution_seconds_sum,
        coalesce(sum(seconds) FILTER (WHERE kind = 'wait'), 0) AS wait_seconds_sum, coalesce(sum(seconds) FILTER (WHERE kind = 'handle'), 0) AS handle_seconds_sum
      FROM (${unionOver(sql, plan.raw, exceptionEventsSql)}) ev WHERE ${exceptionWhere(sql, f)} GROUP BY day`;
  return db.query(
    `SELECT day, sum(opened) AS opened, sum(resolved) AS resolved, sum(resolved_with_due) AS resolved_with_due, sum(resolved_in_sla) AS resolved_in_sla,
      sum(claimed) AS claimed, sum(resolution_seconds_sum) AS resolution_seconds_sum, sum(wait_seconds_sum) AS wait_seconds_sum, sum(handle_seconds_sum) AS handle_seconds_sum
    FROM (${rolled} UNION ALL ${raw}) x GROUP BY day`,
    sql.values,
  );
}

async function invoiceCountsByDay(db: Queryable, f: MetricFilter, plan: Plan): Promise<Record<string, unknown>[]> {
  const sql = new SqlParams();
  // Parameters are numbered as they are added: add the country only to the text that uses it, or PostgreSQL
  // sees an unreferenced $n it cannot type.
  const rolled = plan.rolled
    ? `SELECT to_char(day, 'YYYY-MM-DD') AS day, received, validated, touchless FROM metric_invoice_daily
        WHERE day BETWEEN ${sql.add(plan.rolled.first, 'date')} AND ${sql.add(plan.rolled.last, 'date')} ${f.country ? `AND country = ${sql.add(f.country)}` : ''}`
    : `SELECT NULL::text AS day, 0 AS received, 0 AS validated, 0 AS touchless WHERE false`;
  const countryRaw = f.country ? `WHERE country = ${sql.add(f.country)}` : '';
  const raw = `SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*) FILTER (WHERE kind = 'received') AS received, count(*) FILTER (WHERE kind = 'validated') AS validated,
        count(*) FILTER (WHERE kind = 'validated' AND exceptions = 0) AS touchless
      FROM (${unionOver(sql, plan.raw, invoiceEventsSql)}) ev ${countryRaw} GROUP BY day`;
  return db.query(
    `SELECT day, sum(received) AS received, sum(validated) AS validated, sum(touchless) AS touchless FROM (${rolled} UNION ALL ${raw}) x GROUP BY day`,
    sql.values,
  );
}

const KIND: Record<DurationMeasure, string> = { resolution: 'resolution', wait: 'wait', handle: 'handle' };

/** percentile_cont over the raw events of the whole period. */
async function exactDurations(db: Queryable, f: MetricFilter): Promise<Record<DurationMeasure, DurationStats>> {
  const sql = new SqlParams();
  const ps = `ARRAY[${PERCENTILES.join(',')}]::float8[]`;
  const cols = DURATION_MEASURES.map(
    (m) => `percentile_cont(${ps}) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE kind = '${KIND[m]}') AS ${m}_p,
      avg(seconds) FILTER (WHERE kind = '${KIND[m]}') AS ${m}_mean, count(*) FILTER (WHERE kind = '${KIND[m]}') AS ${m}_n`,
  ).join(',\n');
  const [row] = await db.query(
    `SELECT ${cols} FROM (${exceptionEventsSql(sql, f)}) ev WHERE kind <> 'opened' AND seconds IS NOT NULL AND ${exceptionWhere(sql, f)}`,
    sql.values,
  );
  const out = {} as Record<DurationMeasure, DurationStats>;
  for (const m of DURATION_MEASURES) {
    const p = (row[`${m}_p`] as number[] | null) ?? [null, null, null];
    out[m] = durationStats(n(row[`${m}_n`]), row[`${m}_mean`], p[0], p[1], p[2]);
  }
  return out;
}

type HistogramRow = { measure: string; bucket: number; n: string };

/** The merged histogram of the roll-up days plus the raw edges (bucketed the same way). */
async function histogramRows(db: Queryable, f: MetricFilter, plan: Plan): Promise<HistogramRow[]> {
  const sql = new SqlParams();
  const series = `measure IN ('resolution','wait','handle') AND queue_key = ${sql.add(f.queue ?? ALL)} AND country = ${sql.add(f.country ?? ALL)}`;
  const parts: string[] = [];
  if (plan.rolled) {
    const split = splitMonths(plan.rolled.first, plan.rolled.last);
    if (split.months.length)
      parts.push(
        `SELECT measure, bucket, n FROM metric_duration_monthly WHERE ${series} AND month = ANY(${sql.add(split.months, 'date[]')})`,
      );
    for (const d of split.days)
      parts.push(
        `SELECT measure, bucket, n FROM metric_duration_daily WHERE ${series} AND day BETWEEN ${sql.add(d.first, 'date')} AND ${sql.add(d.last, 'date')}`,
      );
  }
  const rolled = parts.length
    ? parts.join(' UNION ALL ')
    : `SELECT NULL::text AS measure, 0::smallint AS bucket, 0 AS n WHERE false`;
  const raw = `SELECT kind AS measure, ${bucketSql('seconds')} AS bucket, 1 AS n FROM (${unionOver(sql, plan.raw, exceptionEventsSql)}) ev
     WHERE kind <> 'opened' AND seconds IS NOT NULL AND ${exceptionWhere(sql, f)}`;
  return db.query(
    `SELECT measure, bucket, sum(n) AS n FROM (${rolled} UNION ALL ${raw}) x GROUP BY measure, bucket`,
    sql.values,
  );
}

/** Percentiles from the merged histogram; means from the exact duration sums of the day rows. */
function histogramDurations(
  rows: HistogramRow[],
  days: Record<string, unknown>[],
): Record<DurationMeasure, DurationStats> {
  const sums = {
    resolution: 'resolution_seconds_sum',
    wait: 'wait_seconds_sum',
    handle: 'handle_seconds_sum',
  } as const;
  const out = {} as Record<DurationMeasure, DurationStats>;
  for (const m of DURATION_MEASURES) {
    const counts = new Map(rows.filter((r) => r.measure === m).map((r) => [Number(r.bucket), Number(r.n)]));
    const count = [...counts.values()].reduce((a, b) => a + b, 0);
    const total = days.reduce((s, r) => s + n(r[sums[m]]), 0);
    out[m] = durationStats(
      count,
      count ? total / count : null,
      percentileFromHistogram(counts, 0.5),
      percentileFromHistogram(counts, 0.9),
      percentileFromHistogram(counts, 0.95),
    );
  }
  return out;
}
