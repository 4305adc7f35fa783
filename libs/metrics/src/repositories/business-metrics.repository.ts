import { unresolvedSql, VALIDATION_LE_SECONDS } from '../definitions/metric-definitions';
import { Queryable } from '../sql/sql-params';
import { readRolledThrough } from './metrics-rollup.repository';

const DAY_MS = 86_400_000;

/**
 * Where the all-time counters split: the daily roll-ups up to `rolled` (null before the first refresh),
 * the raw rows from `tail` on, so a counter is exact and monotonic without in-process state.
 */
export interface CounterSplit {
  rolled: string | null;
  tail: Date;
}

export async function readCounterSplit(db: Queryable): Promise<CounterSplit> {
  const rolled = await readRolledThrough(db);
  return { rolled, tail: rolled ? new Date(Date.parse(`${rolled}T00:00:00Z`) + DAY_MS) : new Date(0) };
}

/** Invoices received since the beginning, per format and buyer country. */
export function readReceivedTotals(
  db: Queryable,
  { rolled, tail }: CounterSplit,
): Promise<{ format: string; country: string; n: number }[]> {
  return db.query(
    `SELECT format, country, sum(n)::float8 AS n FROM (
          SELECT format, country, received AS n FROM metric_invoice_daily WHERE $1::date IS NOT NULL AND day <= $1::date
          UNION ALL SELECT format, coalesce(buyer_country, '--'), count(*) FROM invoices WHERE received_at >= $2 GROUP BY 1, 2) x GROUP BY 1, 2`,
    [rolled, tail],
  );
}

/** Invoices by current status: exact counts kept by the invoice triggers (signed deltas), no scan of invoices. */
export function readInvoiceStatusCounts(
  db: Queryable,
): Promise<{ format: string; country: string; status: string; n: number }[]> {
  return db.query(
    `SELECT format, country, status, sum(n)::float8 AS n FROM metric_invoice_status GROUP BY 1, 2, 3 HAVING sum(n) > 0`,
  );
}

export interface QueueGauges {
  key: string;
  depth: number;
  unassigned: number;
  /** Age in seconds of the oldest unresolved exception, 0 when there is none. */
  oldest: number;
  breached: number;
  /** 1 while the queue is in surge mode, else 0. */
  surge: number;
}

/** The live state of every review queue (unresolved exceptions only). */
export function readQueueGauges(db: Queryable): Promise<QueueGauges[]> {
  return db.query(`SELECT q.key, count(e.id)::float8 AS depth, count(e.id) FILTER (WHERE e.assignee_id IS NULL)::float8 AS unassigned,
          coalesce(max(extract(epoch FROM now() - e.created_at)), 0)::float8 AS oldest,
          count(e.id) FILTER (WHERE e.sla_breached_at IS NOT NULL OR (e.sla_paused_at IS NULL AND e.sla_due_at <= now()))::float8 AS breached,
          (q.surge_since IS NOT NULL)::int::float8 AS surge
        FROM review_queues q LEFT JOIN exceptions e ON e.queue_key = q.key AND ${unresolvedSql('e')} GROUP BY q.key`);
}

/** Exceptions that missed their SLA since the beginning (resolved late, or unresolved past due), per queue. */
export function readSlaBreachTotals(
  db: Queryable,
  { rolled, tail }: CounterSplit,
): Promise<{ queue_key: string; n: number }[]> {
  return db.query(
    `SELECT queue_key, sum(n)::float8 AS n FROM (
          SELECT queue_key, resolved_with_due - resolved_in_sla AS n FROM metric_exception_daily WHERE $1::date IS NOT NULL AND day <= $1::date
          UNION ALL SELECT queue_key, count(*) FROM exceptions WHERE resolved_at >= $2 AND resolved_at > sla_due_at GROUP BY 1
          UNION ALL SELECT queue_key, count(*) FROM exceptions e WHERE ${unresolvedSql('e')} AND (sla_breached_at IS NOT NULL OR sla_due_at <= now()) GROUP BY 1) x GROUP BY 1`,
    [rolled, tail],
  );
}

export interface ValidationHistogramRow {
  format: string;
  count: number;
  /** Sum of the intake → verdict seconds. */
  sum: number;
  /** Cumulative counts, one per VALIDATION_LE_SECONDS bound. */
  le: number[];
}

/** Intake → verdict duration per format since the beginning: cumulative buckets from the roll-up plus the raw tail. */
export async function readValidationHistogram(
  db: Queryable,
  { rolled, tail }: CounterSplit,
): Promise<ValidationHistogramRow[]> {
  const le = VALIDATION_LE_SECONDS.map(
    (s, i) => `sum(CASE WHEN src = 'rolled' THEN le[${i + 1}] ELSE (secs <= ${s})::int END)::float8 AS b${i}`,
  ).join(', ');
  const rows: Record<string, any>[] = await db.query(
    `SELECT format, count(*) FILTER (WHERE src = 'raw')::float8 + coalesce(sum(n) FILTER (WHERE src = 'rolled'), 0)::float8 AS count,
        coalesce(sum(secs), 0)::float8 AS sum, ${le}
      FROM (SELECT 'rolled' AS src, format, validation_le AS le, validated AS n, validation_seconds_sum AS secs FROM metric_invoice_daily WHERE $1::date IS NOT NULL AND day <= $1::date
            UNION ALL SELECT 'raw', format, NULL, 1, extract(epoch FROM validated_at - received_at)::float8 FROM invoices WHERE validated_at >= $2) x GROUP BY format`,
    [rolled, tail],
  );
  return rows.map((r) => ({
    format: r.format,
    count: Number(r.count),
    sum: Number(r.sum),
    le: VALIDATION_LE_SECONDS.map((_, i) => Number(r[`b${i}`])),
  }));
}
