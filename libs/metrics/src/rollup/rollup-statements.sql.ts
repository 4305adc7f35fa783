import { ALL, VALIDATION_LE_SECONDS } from '../definitions/metric-definitions';
import { bucketSql } from '../definitions/histogram.util';
import { MetricPeriod } from '../definitions/period.util';
import { blockingFindingsSql, exceptionEventsSql, invoiceEventsSql } from '../sql/event-sources.sql';
import { SqlParams } from '../sql/sql-params';

export const ROLLUP_TABLES = [
  'metric_invoice_daily',
  'metric_exception_daily',
  'metric_duration_daily',
  'metric_supplier_daily',
  'metric_rule_daily',
  'metric_reviewer_daily',
] as const;

/** Monthly tiers re-summed from their daily tables for every month a refresh touched. */
export const MONTHLY_ROLLUPS: {
  table: string;
  daily: string;
  keys: string[];
  sums: string[];
  groupingSets?: string;
}[] = [
  {
    table: 'metric_duration_monthly',
    daily: 'metric_duration_daily',
    keys: ['measure', 'queue_key', 'country', 'bucket'],
    sums: ['n'],
  },
  {
    table: 'metric_invoice_monthly',
    daily: 'metric_invoice_daily',
    keys: ['country', 'format'],
    sums: ['received', 'validated', 'touchless', 'exceptions'],
  },
  {
    table: 'metric_rule_monthly',
    daily: 'metric_rule_daily',
    keys: ['country', 'rule_id'],
    sums: ['affected', 'findings'],
  },
  // Also the total over countries ('*'): an unfiltered supplier ranking then reads one row per supplier and month.
  {
    table: 'metric_supplier_monthly',
    daily: 'metric_supplier_daily',
    keys: ['country', 'supplier_key'],
    sums: ['validated', 'affected', 'exceptions'],
    groupingSets: '((month, country, supplier_key), (month, supplier_key))',
  },
];

type Statement = { text: string; values: unknown[] };
const build = (f: (sql: SqlParams) => string): Statement => {
  const sql = new SqlParams();
  const text = f(sql);
  return { text, values: sql.values };
};

/** The INSERT … SELECT statements that roll up every event of [from, to) (whole UTC days) into the daily tables. */
export function rollupStatements(range: MetricPeriod): Statement[] {
  const le = VALIDATION_LE_SECONDS.map((s) => `count(*) FILTER (WHERE kind = 'validated' AND seconds <= ${s})`).join(
    ', ',
  );
  return [
    build(
      (
        sql,
      ) => `INSERT INTO metric_invoice_daily (day, country, format, received, validated, touchless, exceptions, validation_seconds_sum, validation_le)
      SELECT day, country, format, count(*) FILTER (WHERE kind = 'received'), count(*) FILTER (WHERE kind = 'validated'),
             count(*) FILTER (WHERE kind = 'validated' AND exceptions = 0), coalesce(sum(exceptions) FILTER (WHERE kind = 'validated'), 0),
             coalesce(sum(seconds) FILTER (WHERE kind = 'validated'), 0), ARRAY[${le}]::int[]
        FROM (${invoiceEventsSql(sql, range)}) ev GROUP BY day, country, format`,
    ),
    build(
      (sql) => `INSERT INTO metric_supplier_daily (day, country, supplier_key, validated, affected, exceptions)
      SELECT day, country, supplier_key, count(*), count(*) FILTER (WHERE exceptions > 0), sum(exceptions)
        FROM (${invoiceEventsSql(sql, range)}) ev WHERE kind = 'validated' GROUP BY day, country, supplier_key`,
    ),
    build(
      (sql) => `INSERT INTO metric_rule_daily (day, country, rule_id, affected, findings)
      SELECT day, country, rule_id, count(DISTINCT invoice_id), count(*) FROM (${blockingFindingsSql(sql, range)}) f GROUP BY day, country, rule_id`,
    ),
    build(
      (
        sql,
      ) => `INSERT INTO metric_exception_daily (day, queue_key, country, opened, resolved, resolved_with_due, resolved_in_sla, claimed,
        resolution_seconds_sum, wait_seconds_sum, handle_seconds_sum)
      SELECT day, queue_key, country, count(*) FILTER (WHERE kind = 'opened'), count(*) FILTER (WHERE kind = 'resolution'),
             count(*) FILTER (WHERE kind = 'resolution' AND in_sla IS NOT NULL), count(*) FILTER (WHERE kind = 'resolution' AND in_sla),
             count(*) FILTER (WHERE kind = 'wait'), coalesce(sum(seconds) FILTER (WHERE kind = 'resolution'), 0),
             coalesce(sum(seconds) FILTER (WHERE kind = 'wait'), 0), coalesce(sum(seconds) FILTER (WHERE kind = 'handle'), 0)
        FROM (${exceptionEventsSql(sql, range)}) ev GROUP BY day, queue_key, country`,
    ),
    // Exact handle times per reviewer and day, so a period's median is percentile_cont over the stored values.
    build(
      (sql) => `INSERT INTO metric_reviewer_daily (day, reviewer_id, resolved, handle_seconds)
      SELECT day, resolved_by, count(*), array_agg(seconds) FROM (${exceptionEventsSql(sql, range)}) ev
       WHERE kind = 'handle' AND resolved_by IS NOT NULL GROUP BY day, resolved_by`,
    ),
    // One row per (measure, queue, country) and the '*' totals over queue, country and both, so a filtered query reads one series.
    build(
      (sql) => `INSERT INTO metric_duration_daily (measure, queue_key, country, day, bucket, n)
      SELECT kind, coalesce(queue_key, '${ALL}'), coalesce(country, '${ALL}'), day, bucket, count(*)
        FROM (SELECT kind, queue_key, country, day, ${bucketSql('seconds')} AS bucket FROM (${exceptionEventsSql(sql, range)}) ev
               WHERE kind <> 'opened' AND seconds IS NOT NULL) b
       GROUP BY GROUPING SETS ((kind, queue_key, country, day, bucket), (kind, queue_key, day, bucket), (kind, country, day, bucket), (kind, day, bucket))`,
    ),
  ];
}
