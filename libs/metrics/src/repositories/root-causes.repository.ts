import type { RootCauseRow } from '@app/contracts';
import { ALL, NO_COUNTRY } from '../definitions/metric-definitions';
import { planPeriod } from '../definitions/period.util';
import { blockingFindingsSql, invoiceEventsSql, unionOver } from '../sql/event-sources.sql';
import { Queryable, SqlParams } from '../sql/sql-params';
import { TieredSource, tieredRollupSql } from '../sql/tiered-source.sql';
import { MetricFilter, n, rate } from '../definitions/metric-filter';
import { readRolledThrough } from './metrics-rollup.repository';

export type RootCauseDimension = 'supplier' | 'country' | 'rule';

export type { RootCauseRow };

export interface RootCauseQuery extends MetricFilter {
  by: RootCauseDimension;
  limit: number;
  /** Keys with fewer validated invoices are left out of the ranking (a 1-of-1 supplier is not a root cause). */
  minInvoices: number;
  sort: 'rate' | 'affected';
}

/** Exception rate by supplier, buyer country or rule over the invoices validated in the period. */
export async function queryRootCauses(
  db: Queryable,
  q: RootCauseQuery,
): Promise<{
  by: RootCauseDimension;
  period: { from: string; to: string };
  totalValidated: number;
  items: RootCauseRow[];
}> {
  const plan = planPeriod(q, await readRolledThrough(db));
  const sql = new SqlParams();
  const countryEq = (col: string) => (q.country ? `AND ${col} = ${sql.add(q.country)}` : '');
  const countryOnly = () => (q.country ? `country = ${sql.add(q.country)}` : undefined);
  // Whole months from the monthly tier, the remaining roll-up days from the daily one; an empty set when nothing is rolled up.
  // The tier is built only when it is read, so no filter parameter is left unreferenced.
  const rolledRows = (tier: () => Omit<TieredSource, 'columns'>, columns: string, empty: string) =>
    (plan.rolled && tieredRollupSql(sql, plan, { ...tier(), columns })) || `SELECT ${empty} WHERE false`;
  const invoiceTier = () => {
    const c = countryOnly();
    return { daily: 'metric_invoice_daily', monthly: 'metric_invoice_monthly', dailyWhere: c, monthlyWhere: c };
  };
  const ruleTier = () => {
    const c = countryOnly();
    return { daily: 'metric_rule_daily', monthly: 'metric_rule_monthly', dailyWhere: c, monthlyWhere: c };
  };
  const supplierTier = () => {
    const c = countryOnly();
    return {
      daily: 'metric_supplier_daily',
      monthly: 'metric_supplier_monthly',
      dailyWhere: c,
      monthlyWhere: c ?? `country = '${ALL}'`,
    };
  };
  // Invoice-side facts per (country, supplier): roll-up rows plus raw edges. Unfiltered, the monthly tier's '*' rows are the totals over countries.
  const validatedByKey = () => `${rolledRows(
    supplierTier,
    'country, supplier_key, validated, affected, exceptions',
    'NULL::text AS country, NULL::text AS supplier_key, 0 AS validated, 0 AS affected, 0 AS exceptions',
  )}
    UNION ALL
    SELECT country, supplier_key, count(*), count(*) FILTER (WHERE exceptions > 0), sum(exceptions)
      FROM (${unionOver(sql, plan.raw, invoiceEventsSql)}) ev WHERE kind = 'validated' ${countryEq('country')} GROUP BY country, supplier_key`;
  let text: string;
  if (q.by === 'rule') {
    text = `WITH base AS (SELECT coalesce(sum(validated), 0) AS validated FROM (
        ${rolledRows(invoiceTier, 'validated', '0 AS validated')}
        UNION ALL SELECT count(*) FROM (${unionOver(sql, plan.raw, invoiceEventsSql)}) ev WHERE kind = 'validated' ${countryEq('country')}) v),
      r AS (${rolledRows(
        ruleTier,
        'rule_id, affected, findings',
        'NULL::text AS rule_id, 0 AS affected, 0 AS findings',
      )}
            UNION ALL
            SELECT rule_id, count(DISTINCT invoice_id), count(*) FROM (${unionOver(sql, plan.raw, blockingFindingsSql)}) f WHERE true ${countryEq('country')} GROUP BY rule_id)
      SELECT r.rule_id AS key, r.rule_id AS label, base.validated, sum(r.affected) AS affected, sum(r.findings) AS exceptions
        FROM r CROSS JOIN base GROUP BY r.rule_id, base.validated`;
  } else if (q.by === 'country') {
    // Per buyer country the invoice roll-up is enough (a few rows a day, not one per supplier).
    text = `WITH v AS (SELECT country AS key, sum(validated) AS validated, sum(validated - touchless) AS affected, sum(exceptions) AS exceptions FROM (
        ${rolledRows(invoiceTier, 'country, validated, touchless, exceptions', 'NULL::text AS country, 0 AS validated, 0 AS touchless, 0 AS exceptions')}
        UNION ALL
        SELECT country, count(*), count(*) FILTER (WHERE exceptions = 0), sum(exceptions)
          FROM (${unionOver(sql, plan.raw, invoiceEventsSql)}) ev WHERE kind = 'validated' ${countryEq('country')} GROUP BY country) x GROUP BY country)
      SELECT v.key, CASE WHEN v.key = '${NO_COUNTRY}' THEN 'No country' ELSE v.key END AS label, v.validated, v.affected, v.exceptions, (SELECT sum(validated) FROM v) AS total FROM v`;
  } else {
    const key = 'supplier_key';
    const label = `coalesce(s.name, 'Unknown supplier')`;
    const join = `LEFT JOIN suppliers s ON s.id::text = v.key`;
    text = `WITH v AS (SELECT ${key} AS key, sum(validated) AS validated, sum(affected) AS affected, sum(exceptions) AS exceptions FROM (${validatedByKey()}) x GROUP BY ${key})
      SELECT v.key, ${label} AS label, v.validated, v.affected, v.exceptions, (SELECT sum(validated) FROM v) AS total FROM v ${join}`;
  }
  const rows: Record<string, unknown>[] = await db.query(text, sql.values);
  const items = rows
    .map((r) => ({
      key: String(r.key),
      label: String(r.label),
      validated: n(r.validated),
      affected: n(r.affected),
      exceptions: n(r.exceptions),
      rate: rate(n(r.affected), n(r.validated)),
    }))
    .filter((r) => r.validated >= q.minInvoices && r.affected > 0)
    .sort(
      (a, b) =>
        (q.sort === 'affected' ? b.affected - a.affected : (b.rate ?? 0) - (a.rate ?? 0) || b.affected - a.affected) ||
        a.key.localeCompare(b.key),
    )
    .slice(0, q.limit);
  const totalValidated = q.by === 'rule' ? n(rows[0]?.validated) : n(rows[0]?.total);
  return { by: q.by, period: { from: q.from.toISOString(), to: q.to.toISOString() }, totalValidated, items };
}
