import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CounterSplit,
  QueueGauges,
  readCounterSplit,
  readInvoiceStatusCounts,
  readQueueGauges,
  readReceivedTotals,
  readSlaBreachTotals,
  readValidationHistogram,
  VALIDATION_LE_SECONDS,
} from '@app/metrics';
import { family, Sample } from './exposition.util';

const CACHE_MS = 10_000;

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
    const split = await readCounterSplit(this.ds);
    const [received, statuses, validation, queues, breaches] = await Promise.all([
      readReceivedTotals(this.ds, split),
      readInvoiceStatusCounts(this.ds),
      this.validationHistogram(split),
      readQueueGauges(this.ds),
      readSlaBreachTotals(this.ds, split),
    ]);
    const q = (col: Exclude<keyof QueueGauges, 'key'>): Sample[] =>
      queues.map((r) => ({ labels: { queue: r.key }, value: Number(r[col]) }));
    return (
      [
        family(
          'triage_invoices_received_total',
          'counter',
          'Invoices received, by format and buyer country',
          received.map((r) => ({ labels: { format: r.format, country: r.country }, value: Number(r.n) })),
        ),
        family(
          'triage_invoices',
          'gauge',
          'Invoices by current status, format and buyer country',
          statuses.map((r) => ({
            labels: { format: r.format, country: r.country, status: r.status },
            value: Number(r.n),
          })),
        ),
        validation,
        family('triage_review_queue_depth', 'gauge', 'Unresolved exceptions per review queue', q('depth')),
        family(
          'triage_review_queue_unassigned',
          'gauge',
          'Unresolved exceptions nobody holds, per review queue',
          q('unassigned'),
        ),
        family(
          'triage_review_queue_oldest_age_seconds',
          'gauge',
          'Age of the oldest unresolved exception per review queue',
          q('oldest'),
        ),
        family(
          'triage_review_queue_surge',
          'gauge',
          '1 while a review queue is in surge mode (arrivals above what the team on shift serves), else 0',
          q('surge'),
        ),
        family(
          'triage_review_queue_sla_breached',
          'gauge',
          'Unresolved exceptions past their SLA due time, per review queue',
          q('breached'),
        ),
        family(
          'triage_sla_breaches_total',
          'counter',
          'Exceptions that missed their SLA (resolved late, or unresolved past due), per queue',
          breaches.map((r) => ({ labels: { queue: r.queue_key }, value: Number(r.n) })),
        ),
      ].join('\n') + '\n'
    );
  }

  /** Intake → verdict duration as a Prometheus histogram per format (cumulative buckets from the roll-up plus raw tail). */
  private async validationHistogram(split: CounterSplit): Promise<string> {
    const samples: Sample[] = [];
    for (const r of await readValidationHistogram(this.ds, split)) {
      VALIDATION_LE_SECONDS.forEach((s, i) =>
        samples.push({ suffix: '_bucket', labels: { format: r.format, le: String(s) }, value: r.le[i] }),
      );
      samples.push({ suffix: '_bucket', labels: { format: r.format, le: '+Inf' }, value: r.count });
      samples.push({ suffix: '_sum', labels: { format: r.format }, value: r.sum });
      samples.push({ suffix: '_count', labels: { format: r.format }, value: r.count });
    }
    return family(
      'triage_invoice_validation_duration_seconds',
      'histogram',
      'Time from intake to validation verdict (queue wait included)',
      samples,
    );
  }
}
