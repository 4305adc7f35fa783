import type { SupplierCostRow } from '@app/contracts';
import type { DataSource } from 'typeorm';

export interface SupplierCostFilter {
  from: Date;
  to: Date;
  /** Late-payment risk per day late, as a share of the amount (decimal string, e.g. '0.0005'). */
  dailyRate: string;
  supplierId?: string;
  limit?: number;
}

export type { SupplierCostRow };

/**
 * The cost of a supplier's exceptions over a period (exceptions opened and invoices received in it), all in
 * NUMERIC: handling = Σ handle_seconds / 3600 × the queue's hourly_cost; late-payment risk = Σ over its invoices
 * with an exception finalized after their due date of payable × dailyRate × days late.
 */
const SQL = `WITH inv AS (
    SELECT id, supplier_id, payable, due_date, finalized_at FROM invoices
    WHERE supplier_id IS NOT NULL AND received_at >= $1 AND received_at < $2 AND ($4::uuid IS NULL OR supplier_id = $4)),
  ex AS (
    SELECT e.invoice_id, e.supplier_id, e.handle_seconds, e.created_at, e.resolved_at, q.hourly_cost FROM exceptions e
    JOIN review_queues q ON q.key = e.queue_key
    WHERE e.supplier_id IS NOT NULL AND e.created_at >= $1 AND e.created_at < $2 AND ($4::uuid IS NULL OR e.supplier_id = $4)),
  per AS (
    SELECT supplier_id, count(*)::int AS exceptions, count(DISTINCT invoice_id)::int AS with_exceptions,
           sum(handle_seconds) / 3600 AS handle_hours,
           coalesce(sum(extract(epoch FROM resolved_at - created_at)) FILTER (WHERE resolved_at IS NOT NULL), 0) / 3600 AS elapsed_hours,
           sum(handle_seconds * hourly_cost / 3600) AS handling
    FROM ex GROUP BY supplier_id),
  late AS (
    SELECT supplier_id, count(*)::int AS late_invoices,
           sum(payable * $3::numeric * (finalized_at::date - due_date)) AS risk
    FROM inv WHERE payable IS NOT NULL AND due_date IS NOT NULL AND finalized_at::date > due_date
      AND EXISTS (SELECT 1 FROM exceptions e WHERE e.invoice_id = inv.id)
    GROUP BY supplier_id),
  tot AS (SELECT supplier_id, count(*)::int AS invoices FROM inv GROUP BY supplier_id)
  SELECT s.id AS "supplierId", s.name, s.country_code AS "countryCode", coalesce(t.invoices, 0) AS invoices,
         p.with_exceptions AS "invoicesWithExceptions", p.exceptions,
         CASE WHEN coalesce(t.invoices, 0) = 0 THEN NULL ELSE round(p.with_exceptions::numeric / t.invoices, 4)::text END AS "exceptionRate",
         round(p.elapsed_hours::numeric, 2)::text AS "elapsedHours", round(p.handle_hours, 2)::text AS "handleHours",
         round(p.handling, 2)::text AS "handlingCost", coalesce(l.late_invoices, 0) AS "lateInvoices",
         round(coalesce(l.risk, 0), 2)::text AS "latePaymentRisk",
         (round(p.handling, 2) + round(coalesce(l.risk, 0), 2))::text AS "totalCost", 'EUR' AS currency
  FROM per p JOIN suppliers s ON s.id = p.supplier_id
  LEFT JOIN tot t ON t.supplier_id = p.supplier_id LEFT JOIN late l ON l.supplier_id = p.supplier_id
  ORDER BY round(p.handling, 2) + round(coalesce(l.risk, 0), 2) DESC, p.exceptions DESC, s.name LIMIT $5`;

export function querySupplierCost(ds: DataSource, f: SupplierCostFilter): Promise<SupplierCostRow[]> {
  return ds.query(SQL, [f.from, f.to, f.dailyRate, f.supplierId ?? null, f.limit ?? 10]);
}

export interface SupplierRuleRow {
  ruleId: string;
  exceptions: number;
  invoices: number;
  handleHours: string;
  handlingCost: string;
  /** The newest finding of the rule: its text is localized for the supplier. */
  message: string;
  hint: string | null;
  expected: string | null;
  actual: string | null;
  fieldPath: string;
}

// One row per exception and rule (its newest finding); an exception failing two rules counts its handle time to both.
const RULES_SQL = `WITH er AS (
    SELECT DISTINCT ON (e.id, f.rule_id) e.id, e.invoice_id, e.handle_seconds, q.hourly_cost, f.rule_id, f.message, f.hint,
           f.expected, f.actual, f.field_path, f.created_at
    FROM exceptions e JOIN findings f ON f.exception_id = e.id JOIN review_queues q ON q.key = e.queue_key
    WHERE e.supplier_id = $1 AND e.created_at >= $2 AND e.created_at < $3
    ORDER BY e.id, f.rule_id, f.created_at DESC)
  SELECT rule_id AS "ruleId", count(*)::int AS exceptions, count(DISTINCT invoice_id)::int AS invoices,
    round(sum(handle_seconds) / 3600, 2)::text AS "handleHours", round(sum(handle_seconds * hourly_cost / 3600), 2)::text AS "handlingCost",
    (array_agg(message ORDER BY created_at DESC))[1] AS message, (array_agg(hint ORDER BY created_at DESC))[1] AS hint,
    (array_agg(expected ORDER BY created_at DESC))[1] AS expected, (array_agg(actual ORDER BY created_at DESC))[1] AS actual,
    (array_agg(field_path ORDER BY created_at DESC))[1] AS "fieldPath"
  FROM er GROUP BY rule_id ORDER BY count(*) DESC, rule_id LIMIT $4`;

/** A supplier's rules by exceptions over the period (the scorecard's "what to fix"). */
export function querySupplierRules(
  ds: DataSource,
  supplierId: string,
  from: Date,
  to: Date,
  limit = 5,
): Promise<SupplierRuleRow[]> {
  return ds.query(RULES_SQL, [supplierId, from, to, limit]);
}

/** Exceptions per month of the supplier (the trend), oldest first. */
export function querySupplierTrend(
  ds: DataSource,
  supplierId: string,
  from: Date,
  to: Date,
): Promise<{ month: string; exceptions: number }[]> {
  return ds.query(
    `SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS exceptions
     FROM exceptions WHERE supplier_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1 ORDER BY 1`,
    [supplierId, from, to],
  );
}
