import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { isoDay } from '../definitions/period.util';
import { daysAgo, MetricFixtures } from '../testing/metric-fixtures';
import {
  readCounterSplit,
  readInvoiceStatusCounts,
  readQueueGauges,
  readReceivedTotals,
  readSlaBreachTotals,
  readValidationHistogram,
} from './business-metrics.repository';
import { rollUpDays, saveRolledThrough } from './metrics-rollup.repository';

/** The all-time counters behind Prometheus: the same totals before and after a roll-up. */
describe('business metrics repository (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: MetricFixtures;
  let reviewer: string;

  beforeAll(async () => {
    db = await openTestDatabase('business_metrics_repo');
    fx = await new MetricFixtures(db.ds).init();
    await fx.queue('vat.FI', 'FI');
    await fx.queue('vat.EE', 'EE');
    reviewer = (await fx.reviewer('Rita')).id;
    const old = daysAgo(5, 10);
    const a = await fx.invoice({ receivedAt: old, validatedAt: new Date(old.getTime() + 200), country: 'FI' });
    const b = await fx.invoice({ receivedAt: old, validatedAt: new Date(old.getTime() + 3000), country: 'EE' });
    await fx.invoice({ receivedAt: daysAgo(0, 0), country: 'FI', format: 'ubl' });
    // Resolved late (5 days ago), open past due, open and held, open and not due.
    await fx.exception(a, 'vat.FI', {
      createdAt: old,
      resolvedAt: new Date(old.getTime() + 7200_000),
      slaDueAt: new Date(old.getTime() + 3600_000),
    });
    await fx.exception(a, 'vat.FI', { createdAt: old, slaDueAt: new Date(old.getTime() + 3600_000) });
    await fx.exception(b, 'vat.EE', { createdAt: old, assigneeId: reviewer, slaDueAt: daysAgo(-2) });
    await fx.exception(b, 'vat.EE', { createdAt: daysAgo(1), slaDueAt: daysAgo(-2) });
  });
  afterAll(() => db?.close());

  async function all() {
    const split = await readCounterSplit(db.ds);
    const [received, statuses, histogram, queues, breaches] = await Promise.all([
      readReceivedTotals(db.ds, split),
      readInvoiceStatusCounts(db.ds),
      readValidationHistogram(db.ds, split),
      readQueueGauges(db.ds),
      readSlaBreachTotals(db.ds, split),
    ]);
    const by = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((x, y) => key(x).localeCompare(key(y)));
    return {
      received: by(received, (r) => `${r.format}${r.country}`),
      statuses: by(statuses, (r) => `${r.format}${r.country}${r.status}`),
      histogram: by(histogram, (r) => r.format),
      queues: by(queues, (r) => r.key),
      breaches: by(breaches, (r) => r.queue_key),
    };
  }

  it('reads everything from the raw rows before the first roll-up', async () => {
    expect(await readCounterSplit(db.ds)).toEqual({ rolled: null, tail: new Date(0) });
    const m = await all();
    expect(m.received).toEqual([
      { format: 'json', country: 'EE', n: 1 },
      { format: 'json', country: 'FI', n: 1 },
      { format: 'ubl', country: 'FI', n: 1 },
    ]);
    expect(m.statuses).toEqual([
      { format: 'json', country: 'EE', status: 'in_review', n: 1 },
      { format: 'json', country: 'FI', status: 'in_review', n: 1 },
      { format: 'ubl', country: 'FI', status: 'received', n: 1 },
    ]);
    expect(m.histogram).toHaveLength(1);
    const [json] = m.histogram;
    expect(json.count).toBe(2);
    expect(json.sum).toBeCloseTo(3.2, 6);
    // le: 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, … → 0.2 s falls in 0.25 and up, 3 s in 5 and up.
    expect(json.le.slice(0, 7)).toEqual([0, 0, 1, 1, 1, 1, 2]);
    expect(m.queues.map((q) => [q.key, q.depth, q.unassigned, q.breached, q.surge])).toEqual([
      ['vat.EE', 2, 1, 0, 0],
      ['vat.FI', 1, 1, 1, 0],
    ]);
    expect(m.queues.find((q) => q.key === 'vat.FI')!.oldest).toBeGreaterThan(4 * 86_400);
    expect(m.breaches).toEqual([{ queue_key: 'vat.FI', n: 2 }]);
  });

  it('gives the same totals once the old days are rolled up (no double count across the watermark)', async () => {
    const before = await all();
    await rollUpDays(db.ds, daysAgo(6), daysAgo(1));
    await saveRolledThrough(db.ds, isoDay(daysAgo(2)));
    const split = await readCounterSplit(db.ds);
    expect(split).toEqual({ rolled: isoDay(daysAgo(2)), tail: daysAgo(1) });
    const after = await all();
    expect(after.received).toEqual(before.received);
    expect(after.histogram).toEqual(before.histogram);
    // A queue's roll-up row counts 0 where the raw rows had no row at all: the same counter value.
    expect(after.breaches.filter((r) => r.n > 0)).toEqual(before.breaches);
  });
});
