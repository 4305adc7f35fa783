import { DataSource } from 'typeorm';
import { ALL } from '../definitions/metric-definitions';
import { isoDay } from '../definitions/period.util';
import { MONTHLY_ROLLUPS, ROLLUP_TABLES, rollupStatements } from '../rollup/rollup-statements.sql';
import { Queryable } from '../sql/sql-params';

/** The roll-up watermark row of the daily tables (metric_rollup_state). */
const DAILY = 'daily';

/** The last UTC day the daily roll-ups hold, or null before the first refresh. */
export async function readRolledThrough(db: Queryable): Promise<string | null> {
  const [row] = await db.query(
    `SELECT to_char(rolled_through, 'YYYY-MM-DD') AS d FROM metric_rollup_state WHERE name = 'daily'`,
  );
  return row?.d ?? null;
}

/** Forgets the watermark: the next refresh starts again from the first event. */
export async function clearRolledThrough(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM metric_rollup_state WHERE name = $1`, [DAILY]);
}

export async function saveRolledThrough(db: Queryable, day: string): Promise<void> {
  await db.query(
    `INSERT INTO metric_rollup_state (name, rolled_through, refreshed_at) VALUES ($1, $2::date, now())
      ON CONFLICT (name) DO UPDATE SET rolled_through = EXCLUDED.rolled_through, refreshed_at = now()`,
    [DAILY, day],
  );
}

/** The UTC day of the oldest invoice or exception, or null when there is none. */
export async function readFirstEventDay(db: Queryable): Promise<string | null> {
  const [row] = await db.query(
    `SELECT to_char(least((SELECT min(received_at) FROM invoices), (SELECT min(created_at) FROM exceptions)) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d`,
  );
  return row?.d ?? null;
}

/** Recomputes the daily roll-up rows of the UTC days in [from, to) in one transaction. */
export async function rollUpDays(ds: DataSource, from: Date, to: Date): Promise<void> {
  await ds.transaction(async (em) => {
    // One refresher at a time; a second one waits and then recomputes the same days harmlessly.
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('metric_rollup'))`);
    for (const t of ROLLUP_TABLES)
      await em.query(`DELETE FROM ${t} WHERE day >= $1::date AND day < $2::date`, [isoDay(from), isoDay(to)]);
    for (const s of rollupStatements({ from, to })) await em.query(s.text, s.values);
  });
}

/** Re-sums the monthly rows of every month touched by [first, last] from the daily rows. */
export async function rollUpMonths(ds: DataSource, first: string, last: string): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('metric_rollup'))`);
    for (const m of MONTHLY_ROLLUPS) {
      const keys = m.keys.join(', ');
      const cols = m.keys
        .map((k) => (m.groupingSets && k === 'country' ? `coalesce(country, '${ALL}')` : k))
        .join(', ');
      const month = `date_trunc('month', day)::date`;
      await em.query(
        `DELETE FROM ${m.table} WHERE month >= date_trunc('month', $1::date)::date AND month <= date_trunc('month', $2::date)::date`,
        [first, last],
      );
      await em.query(
        `INSERT INTO ${m.table} (month, ${keys}, ${m.sums.join(', ')})
          SELECT month, ${cols}, ${m.sums.map((c) => `sum(${c})`).join(', ')}
            FROM (SELECT ${month} AS month, * FROM ${m.daily} WHERE day >= date_trunc('month', $1::date)::date AND day < (date_trunc('month', $2::date) + interval '1 month')::date) d
           GROUP BY ${m.groupingSets ? `GROUPING SETS ${m.groupingSets}` : `month, ${keys}`}`,
        [first, last],
      );
    }
  });
}

/**
 * Folds the signed delta rows the invoice triggers appended into one row per (format, country, status).
 * Rows a concurrent write adds meanwhile are not in this snapshot, so they are neither deleted nor summed.
 */
export async function compactInvoiceStatusCounts(db: Queryable): Promise<void> {
  await db.query(`WITH gone AS (DELETE FROM metric_invoice_status RETURNING format, country, status, n)
      INSERT INTO metric_invoice_status (format, country, status, n) SELECT format, country, status, sum(n) FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0`);
}
