import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isoDay } from '../definitions/period.util';
import { ALL } from '../definitions/metric-definitions';
import { MONTHLY_ROLLUPS, ROLLUP_TABLES, rollupStatements } from './rollup-statements.sql';

const DAY_MS = 86_400_000;
const STATE = 'daily';
const CHUNK_DAYS = 14;

export interface RollupResult {
  first: string | null;
  last: string | null;
  days: number;
  ms: number;
}

/**
 * Refreshes the daily roll-ups. Only finished UTC days are rolled up; each run recomputes from the
 * day before the watermark (events committed just after midnight) to yesterday. Days after the
 * watermark are read from raw rows by the queries, so the figures are right whether or not this ran.
 */
@Injectable()
export class MetricsRollupService {
  private readonly logger = new Logger('MetricsRollup');

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async rolledThrough(): Promise<string | null> {
    const [row] = await this.ds.query(
      `SELECT to_char(rolled_through, 'YYYY-MM-DD') AS d FROM metric_rollup_state WHERE name = $1`,
      [STATE],
    );
    return row?.d ?? null;
  }

  /** Recomputes every day from the first event (after bulk loads with back-dated timestamps). */
  async rebuild(onProgress?: (done: number, total: number) => void): Promise<RollupResult> {
    await this.ds.query(`DELETE FROM metric_rollup_state WHERE name = $1`, [STATE]);
    return this.refresh(onProgress);
  }

  async refresh(onProgress?: (done: number, total: number) => void, now = new Date()): Promise<RollupResult> {
    const started = Date.now();
    await this.compactStatusCounts();
    const last = isoDay(new Date(now.getTime() - DAY_MS));
    const watermark = await this.rolledThrough();
    const first = watermark
      ? isoDay(new Date(Date.parse(`${watermark}T00:00:00Z`) - DAY_MS))
      : await this.firstEventDay();
    if (!first || first > last) {
      await this.saveWatermark(last);
      return { first: null, last, days: 0, ms: Date.now() - started };
    }
    const startMs = Date.parse(`${first}T00:00:00Z`);
    const endMs = Date.parse(`${last}T00:00:00Z`) + DAY_MS;
    const total = Math.round((endMs - startMs) / DAY_MS);
    for (let t = startMs; t < endMs; t += CHUNK_DAYS * DAY_MS) {
      const to = Math.min(endMs, t + CHUNK_DAYS * DAY_MS);
      await this.rollChunk(new Date(t), new Date(to));
      onProgress?.(Math.round((to - startMs) / DAY_MS), total);
    }
    await this.rollMonths(first, last);
    await this.saveWatermark(last);
    const result = { first, last, days: total, ms: Date.now() - started };
    this.logger.debug(`rolled up ${total} day(s) ${first}..${last} in ${result.ms} ms`);
    return result;
  }

  private async rollChunk(from: Date, to: Date): Promise<void> {
    await this.ds.transaction(async (em) => {
      // One refresher at a time; a second one waits and then recomputes the same days harmlessly.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('metric_rollup'))`);
      for (const t of ROLLUP_TABLES)
        await em.query(`DELETE FROM ${t} WHERE day >= $1::date AND day < $2::date`, [isoDay(from), isoDay(to)]);
      for (const s of rollupStatements({ from, to })) await em.query(s.text, s.values);
    });
  }

  /** Re-sums the monthly rows of every month touched by [first, last] from the daily rows. */
  private async rollMonths(first: string, last: string): Promise<void> {
    await this.ds.transaction(async (em) => {
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
  async compactStatusCounts(): Promise<void> {
    await this.ds.query(`WITH gone AS (DELETE FROM metric_invoice_status RETURNING format, country, status, n)
      INSERT INTO metric_invoice_status (format, country, status, n) SELECT format, country, status, sum(n) FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0`);
  }

  private async saveWatermark(day: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO metric_rollup_state (name, rolled_through, refreshed_at) VALUES ($1, $2::date, now())
      ON CONFLICT (name) DO UPDATE SET rolled_through = EXCLUDED.rolled_through, refreshed_at = now()`,
      [STATE, day],
    );
  }

  private async firstEventDay(): Promise<string | null> {
    const [row] = await this.ds.query(
      `SELECT to_char(least((SELECT min(received_at) FROM invoices), (SELECT min(created_at) FROM exceptions)) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d`,
    );
    return row?.d ?? null;
  }
}
