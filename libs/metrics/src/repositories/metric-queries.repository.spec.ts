import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { isoDay } from '../definitions/period.util';
import { MetricFilter } from '../definitions/metric-filter';
import { daysAgo, MetricFixtures } from '../testing/metric-fixtures';
import { querySummary } from './metrics-summary.repository';
import { rollUpDays, rollUpMonths, saveRolledThrough } from './metrics-rollup.repository';
import { queryQueues } from './queue-metrics.repository';
import { queryReviewers } from './reviewer-metrics.repository';
import { queryRootCauses } from './root-causes.repository';
import { querySupplierCost, querySupplierRules, querySupplierTrend } from './supplier-cost.repository';

/**
 * The read side of the dashboards on a small hand-computed set: three invoices (two of one supplier, one
 * of them late and with an exception), an exception resolved in SLA and one still open.
 */
describe('metric query repositories (PostgreSQL)', () => {
  let db: TestDatabase;
  let reviewer: string;
  let supplier: string;
  const t = daysAgo(5, 10);
  const at = (s: number) => new Date(t.getTime() + s * 1000);
  const now = new Date();
  const period = (): MetricFilter => ({ from: daysAgo(7), to: now });

  beforeAll(async () => {
    db = await openTestDatabase('metric_queries_repo');
    const fx = await new MetricFixtures(db.ds).init();
    await fx.queue('vat.FI', 'FI', '60');
    await fx.queue('vat.EE', 'EE');
    reviewer = (await fx.reviewer('Rita')).id;
    supplier = await fx.supplier('Acme Oy');
    const late = await fx.invoice({
      receivedAt: t,
      validatedAt: at(1),
      supplierId: supplier,
      payable: '1000.00',
      dueDate: isoDay(daysAgo(5)),
      finalizedAt: daysAgo(3, 12),
    });
    await fx.invoice({ receivedAt: t, validatedAt: at(1), supplierId: supplier, status: 'ready' });
    const ee = await fx.invoice({ receivedAt: daysAgo(4, 10), validatedAt: daysAgo(4, 11), country: 'EE' });
    const ex = await fx.exception(late, 'vat.FI', {
      createdAt: at(1),
      firstClaimedAt: at(601),
      resolvedAt: at(3601),
      resolvedBy: reviewer,
      slaDueAt: at(7201),
      supplierId: supplier,
      handleSeconds: 1800,
    });
    await fx.exception(ee, 'vat.EE', { createdAt: daysAgo(4, 11), country: 'EE' });
    await db.ds.query(
      `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, route_key, created_at)
       VALUES ($1, $2, 1, 'BR-FI-01', 'blocking', 'regulatory', 'buyer.vatId', 'VAT id missing', 'vat.FI', $3)`,
      [late, ex, at(1)],
    );
  });
  afterAll(() => db?.close());

  it('sums the summary from raw rows', async () => {
    const s = await querySummary(db.ds, period());
    expect(s).toMatchObject({
      received: 3,
      validated: 3,
      touchless: 1,
      exceptionsOpened: 2,
      exceptionsResolved: 1,
      slaAttainment: 1,
      percentileMethod: 'exact',
      rolledThrough: null,
    });
    expect(s.resolutionTime).toMatchObject({ count: 1, p50: 3600 });
    expect(s.waitTime).toMatchObject({ count: 1, p50: 600 });
    expect(s.handleTime).toMatchObject({ count: 1, mean: 1800 });
    expect(s.series.find((d) => d.day === isoDay(t))).toEqual({ day: isoDay(t), received: 2, opened: 1, resolved: 1 });
  });

  it('lists queue backlog and flow', async () => {
    const { queues } = await queryQueues(db.ds, period());
    expect(queues.map((q) => [q.key, q.backlog, q.unassigned, q.arrivals, q.resolved, q.slaAttainment])).toEqual([
      ['vat.EE', 1, 1, 1, 0, null],
      ['vat.FI', 0, 0, 1, 1, 1],
    ]);
    expect((await queryQueues(db.ds, { ...period(), country: 'EE' })).queues.map((q) => q.key)).toEqual(['vat.EE']);
  });

  it('shows a reviewer their resolutions and median handle time', async () => {
    const { reviewers } = await queryReviewers(db.ds, period());
    expect(reviewers).toHaveLength(1);
    expect(reviewers[0]).toMatchObject({
      reviewerId: reviewer,
      open: 0,
      resolvedInPeriod: 1,
      medianHandleSeconds: 1800,
    });
  });

  it('ranks root causes by country and rule', async () => {
    const byCountry = await queryRootCauses(db.ds, {
      ...period(),
      by: 'country',
      limit: 10,
      minInvoices: 1,
      sort: 'rate',
    });
    expect(byCountry.totalValidated).toBe(3);
    expect(byCountry.items.map((r) => [r.key, r.validated, r.affected, r.rate])).toEqual([
      ['EE', 1, 1, 1],
      ['FI', 2, 1, 0.5],
    ]);
    const byRule = await queryRootCauses(db.ds, { ...period(), by: 'rule', limit: 10, minInvoices: 1, sort: 'rate' });
    expect(byRule.items.map((r) => [r.key, r.affected])).toEqual([['BR-FI-01', 1]]);
  });

  it("costs a supplier's exceptions in NUMERIC: handling at the queue's hourly cost plus late-payment risk", async () => {
    const [row] = await querySupplierCost(db.ds, { ...period(), dailyRate: '0.0005' });
    expect(row).toMatchObject({
      supplierId: supplier,
      invoices: 2,
      invoicesWithExceptions: 1,
      exceptions: 1,
      exceptionRate: '0.5000',
      handleHours: '0.50',
      handlingCost: '30.00',
      lateInvoices: 1,
      latePaymentRisk: '1.00', // 1000.00 × 0.0005 × 2 days late
      totalCost: '31.00',
    });
    const rules = await querySupplierRules(db.ds, supplier, daysAgo(7), new Date());
    expect(rules).toEqual([expect.objectContaining({ ruleId: 'BR-FI-01', exceptions: 1, handlingCost: '30.00' })]);
    expect(await querySupplierTrend(db.ds, supplier, daysAgo(7), new Date())).toEqual([
      { month: isoDay(t).slice(0, 7), exceptions: 1 },
    ]);
  });

  it('gives the same figures once the days are rolled up', async () => {
    const raw = await querySummary(db.ds, period());
    const rawCauses = await queryRootCauses(db.ds, {
      ...period(),
      by: 'country',
      limit: 10,
      minInvoices: 1,
      sort: 'rate',
    });
    await rollUpDays(db.ds, daysAgo(8), daysAgo(1));
    await rollUpMonths(db.ds, isoDay(daysAgo(8)), isoDay(daysAgo(2)));
    await saveRolledThrough(db.ds, isoDay(daysAgo(2)));
    const rolled = await querySummary(db.ds, period());
    expect(rolled.rolledThrough).toBe(isoDay(daysAgo(2)));
    expect({ ...rolled, rolledThrough: null }).toEqual(raw);
    expect(
      await queryRootCauses(db.ds, { ...period(), by: 'country', limit: 10, minInvoices: 1, sort: 'rate' }),
    ).toEqual(rawCauses);
  });
});
