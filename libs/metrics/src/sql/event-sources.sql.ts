import { NO_COUNTRY } from '../definitions/metric-definitions';
import { MetricPeriod } from '../definitions/period.util';
import { SqlParams } from './sql-params';

const day = (col: string) => `((${col}) AT TIME ZONE 'UTC')::date`;
const seconds = (a: string, b: string) => `extract(epoch FROM ${a} - ${b})::float8`;

/**
 * Handle time of a resolved exception: the sum of its claimed periods. The review state machine adds
 * each closed period to handle_seconds; rows without it (imported, or closed outside the state
 * machine) are summed from exception_work_periods, an open period counting up to resolved_at.
 */
export function handleSecondsSql(e: string): string {
  return `(CASE WHEN ${e}.handle_seconds > 0 THEN ${e}.handle_seconds::float8 ELSE coalesce((SELECT sum(${seconds(`coalesce(w.ended_at, ${e}.resolved_at)`, 'w.started_at')})
      FROM exception_work_periods w WHERE w.exception_id = ${e}.id AND w.started_at <= ${e}.resolved_at), 0) END)`;
}

/**
 * Exception events in [from, to): 'opened' (created_at), 'resolution' and 'handle' (resolved_at),
 * 'wait' (first_claimed_at). Columns: day, queue_key, country, kind, seconds, in_sla, resolved_by.
 * The roll-up and the raw edges of a query both read this, so they count the same way.
 */
export function exceptionEventsSql(sql: SqlParams, range: MetricPeriod): string {
  const a = sql.add(range.from, 'timestamptz');
  const b = sql.add(range.to, 'timestamptz');
  const country = `coalesce(e.country, '${NO_COUNTRY}')::text`;
  const handle = handleSecondsSql('e');
  return `
    SELECT ${day('e.created_at')} AS day, e.queue_key, ${country} AS country, 'opened'::text AS kind, NULL::float8 AS seconds, NULL::boolean AS in_sla, e.resolved_by
      FROM exceptions e WHERE e.created_at >= ${a} AND e.created_at < ${b}
    UNION ALL
    SELECT ${day('e.resolved_at')}, e.queue_key, ${country}, 'resolution', ${seconds('e.resolved_at', 'e.created_at')},
           CASE WHEN e.sla_due_at IS NULL THEN NULL ELSE e.resolved_at <= e.sla_due_at END, e.resolved_by
      FROM exceptions e WHERE e.resolved_at >= ${a} AND e.resolved_at < ${b}
    UNION ALL
    SELECT ${day('e.resolved_at')}, e.queue_key, ${country}, 'handle', ${handle}, NULL, e.resolved_by
      FROM exceptions e WHERE e.resolved_at >= ${a} AND e.resolved_at < ${b}
    UNION ALL
    SELECT ${day('e.first_claimed_at')}, e.queue_key, ${country}, 'wait', ${seconds('e.first_claimed_at', 'e.created_at')}, NULL, e.resolved_by
      FROM exceptions e WHERE e.first_claimed_at >= ${a} AND e.first_claimed_at < ${b}`;
}

/**
 * Invoice events in [from, to): 'received' (received_at) and 'validated' (validated_at, with the
 * validation duration and the number of exceptions validation opened). Columns: day, country,
 * format, supplier_key, kind, seconds, exceptions.
 */
export function invoiceEventsSql(sql: SqlParams, range: MetricPeriod): string {
  const a = sql.add(range.from, 'timestamptz');
  const b = sql.add(range.to, 'timestamptz');
  const country = `coalesce(i.buyer_country, '${NO_COUNTRY}')::text`;
  const supplier = `coalesce(i.supplier_id::text, 'unknown')`;
  return `
    SELECT ${day('i.received_at')} AS day, ${country} AS country, i.format, ${supplier} AS supplier_key, 'received'::text AS kind,
           NULL::float8 AS seconds, NULL::int AS exceptions
      FROM invoices i WHERE i.received_at >= ${a} AND i.received_at < ${b}
    UNION ALL
    SELECT ${day('i.validated_at')}, ${country}, i.format, ${supplier}, 'validated', ${seconds('i.validated_at', 'i.received_at')},
           (SELECT count(*)::int FROM exceptions x WHERE x.invoice_id = i.id)
      FROM invoices i WHERE i.validated_at >= ${a} AND i.validated_at < ${b}`;
}

/** Blocking findings created in [from, to). Columns: day, country (buyer), rule_id, invoice_id. */
export function blockingFindingsSql(sql: SqlParams, range: MetricPeriod): string {
  const a = sql.add(range.from, 'timestamptz');
  const b = sql.add(range.to, 'timestamptz');
  return `
    SELECT ${day('f.created_at')} AS day, coalesce(i.buyer_country, '${NO_COUNTRY}')::text AS country, f.rule_id, f.invoice_id
      FROM findings f JOIN invoices i ON i.id = f.invoice_id
     WHERE f.severity = 'blocking' AND f.created_at >= ${a} AND f.created_at < ${b}`;
}

const EMPTY: MetricPeriod = { from: new Date(0), to: new Date(0) };

/** UNION ALL of a source over several ranges (the raw edges of a period); an empty range when there are none. */
export function unionOver(
  sql: SqlParams,
  ranges: MetricPeriod[],
  source: (sql: SqlParams, r: MetricPeriod) => string,
): string {
  return (ranges.length ? ranges : [EMPTY]).map((r) => `(${source(sql, r)})`).join(' UNION ALL ');
}
