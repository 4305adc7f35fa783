import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readRolledThrough, unresolvedSql, VALIDATION_LE_SECONDS } from '@app/metrics';
import { family, Sample } from './exposition.util';

const CACHE_MS = 10_000;
const DAY_MS = 86_400_000;

/**
 * Business metrics read from PostgreSQL when Prometheus scrapes (cached 10 s). Counters come from the
 * daily roll-ups plus the raw rows after the roll-up watermark, so they are exact, monotonic and need
 * no in-process state shared between the API and the worker.
 */
@Injectable()
export class BusinessMetricsCollector {
  private cache: { at: number; text: Promise<string> } | null = null;

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  exposition(): Promise<string> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const text = this.collect();
      this.cache = { at: Date.now(), text };
      text.catch(() => (this.cache = null));
    }
    return this.cache.text;
  }

  private async collect(): Promise<string> {
    const rolled = await readRolledThrough(this.ds);
    const tail = rolled ? new Date(Date.parse(`${rolled}T00:00:00Z`) + DAY_MS) : new Date(0);
    const [received, statuses, validation, queues, breaches] = await Promise.all([
      this.ds.query(
        `SELECT format, country, sum(n)::float8 AS n FROM (
          SELECT format, country, received AS n FROM metric_invoice_daily WHERE $1::date IS NOT NULL AND day <= $1::date
          UNION ALL SELECT format, coalesce(buyer_country, '--'), count(*) FROM invoices WHERE received_at >= $2 GROUP BY 1, 2) x GROUP BY 1, 2`,
        [rolled, tail],
      ),
      // Exact counts kept by the invoice triggers (signed deltas, compacted by the roll-up refresh): no scan of invoices.
      this.ds.query(
        `SELECT format, country, status, sum(n)::float8 AS n FROM metric_invoice_status GROUP BY 1, 2, 3 HAVING sum(n) > 0`,
      ),
      this.validationHistogram(rolled, tail),
      this.ds
        .query(`SELECT q.key, count(e.id)::float8 AS depth, count(e.id) FILTER (WHERE e.assignee_id IS NULL)::float8 AS unassigned,
          coalesce(max(extract(epoch FROM now() - e.created_at)), 0)::float8 AS oldest,
          count(e.id) FILTER (WHERE e.sla_breached_at IS NOT NULL OR (e.sla_paused_at IS NULL AND e.sla_due_at <= now()))::float8 AS breached,
          (q.surge_since IS NOT NULL)::int::float8 AS surge
        FROM review_queues q LEFT JOIN exceptions e ON e.queue_key = q.key AND ${unresolvedSql('e')} GROUP BY q.key`),
      this.ds.query(
        `SELECT queue_key, sum(n)::float8 AS n FROM (
          SELECT queue_key, resolved_with_due - resolved_in_sla AS n FROM metric_exception_daily WHERE $1::date IS NOT NULL AND day <= $1::date
          UNION ALL SELECT queue_key, count(*) FROM exceptions WHERE resolved_at >= $2 AND resolved_at > sla_due_at GROUP BY 1
          UNION ALL SELECT queue_key, count(*) FROM exceptions e WHERE ${unresolvedSql('e')} AND (sla_breached_at IS NOT NULL OR sla_due_at <= now()) GROUP BY 1) x GROUP BY 1`,
        [rolled, tail],
      ),
    ]);
    const q = (rows: Record<string, any>[], col: string, label = 'queue'): Sample[] =>
      rows.map((r) => ({ labels: { [label]: r.key }, value: Number(r[col]) }));
    return (
      [
        family(
          'triage_invoices_received_total',
          'counter',
          'Invoices received, by format and buyer country',
          received.map((r: any) => ({ labels: { format: r.format, country: r.country }, value: Number(r.n) })),
        ),
        family(
          'triage_invoices',
          'gauge',
          'Invoices by current status, format and buyer country',
          statuses.map((r: any) => ({
            labels: { format: r.format, country: r.country, status: r.status },
            value: Number(r.n),
          })),
        ),
        validation,
        family('triage_review_queue_depth', 'gauge', 'Unresolved exceptions per review queue', q(queues, 'depth')),
        family(
          'triage_review_queue_unassigned',
          'gauge',
          'Unresolved exceptions nobody holds, per review queue',
          q(queues, 'unassigned'),
        ),
        family(
          'triage_review_queue_oldest_age_seconds',
          'gauge',
          'Age of the oldest unresolved exception per review queue',
          q(queues, 'oldest'),
        ),
        family(
          'triage_review_queue_surge',
          'gauge',
          '1 while a review queue is in surge mode (arrivals above what the team on shift serves), else 0',
          q(queues, 'surge'),
        ),
        family(
          'triage_review_queue_sla_breached',
          'gauge',
          'Unresolved exceptions past their SLA due time, per review queue',
          q(queues, 'breached'),
        ),
        family(
          'triage_sla_breaches_total',
          'counter',
          'Exceptions that missed their SLA (resolved late, or unresolved past due), per queue',
          breaches.map((r: any) => ({ labels: { queue: r.queue_key }, value: Number(r.n) })),
        ),
      ].join('\n') + '\n'
    );
  }

  /** Intake → verdict duration as a Prometheus histogram per format (cumulative buckets from the roll-up plus raw tail). */
  private async validationHistogram(rolled: string | null, tail: Date): Promise<string> {
    const le = VALIDATION_LE_SECONDS.map(
      (s, i) => `sum(CASE WHEN src = 'rolled' THEN le[${i + 1}] ELSE (secs <= ${s})::int END)::float8 AS b${i}`,
    ).join(', ');
    const rows = await this.ds.query(
      `SELECT format, count(*) FILTER (WHERE src = 'raw')::float8 + coalesce(sum(n) FILTER (WHERE src = 'rolled'), 0)::float8 AS count,
        coalesce(sum(secs), 0)::float8 AS sum, ${le}
      FROM (SELECT 'rolled' AS src, format, validation_le AS le, validated AS n, validation_seconds_sum AS secs FROM metric_invoice_daily WHERE $1::date IS NOT NULL AND day <= $1::date
            UNION ALL SELECT 'raw', format, NULL, 1, extract(epoch FROM validated_at - received_at)::float8 FROM invoices WHERE validated_at >= $2) x GROUP BY format`,
      [rolled, tail],
    );
    const samples: Sample[] = [];
    for (const r of rows) {
      VALIDATION_LE_SECONDS.forEach((s, i) =>
        samples.push({ suffix: '_bucket', labels: { format: r.format, le: String(s) }, value: Number(r[`b${i}`]) }),
      );
      samples.push({ suffix: '_bucket', labels: { format: r.format, le: '+Inf' }, value: Number(r.count) });
      samples.push({ suffix: '_sum', labels: { format: r.format }, value: Number(r.sum) });
      samples.push({ suffix: '_count', labels: { format: r.format }, value: Number(r.count) });
    }
    return family(
      'triage_invoice_validation_duration_seconds',
      'histogram',
      'Time from intake to validation verdict (queue wait included)',
      samples,
    );
  }
}
