import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { isoDay } from '../definitions/period.util';
import { daysAgo, MetricFixtures } from '../testing/metric-fixtures';
import {
  clearRolledThrough,
  compactInvoiceStatusCounts,
  readFirstEventDay,
  readRolledThrough,
  rollUpDays,
  rollUpMonths,
  saveRolledThrough,
} from './metrics-rollup.repository';

describe('metrics roll-up repository (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: MetricFixtures;

  beforeAll(async () => {
    db = await openTestDatabase('rollup_repo');
    fx = await new MetricFixtures(db.ds).init();
    await fx.queue('vat.FI', 'FI');
  });
  afterAll(() => db?.close());

  it('has neither a watermark nor a first event on an empty database', async () => {
    expect(await readRolledThrough(db.ds)).toBeNull();
    expect(await readFirstEventDay(db.ds)).toBeNull();
  });

  it('saves, moves and clears the watermark', async () => {
    await saveRolledThrough(db.ds, '2026-01-02');
    expect(await readRolledThrough(db.ds)).toBe('2026-01-02');
    await saveRolledThrough(db.ds, '2026-01-05');
    expect(await readRolledThrough(db.ds)).toBe('2026-01-05');
    await clearRolledThrough(db.ds);
    expect(await readRolledThrough(db.ds)).toBeNull();
  });

  it('rolls the days of a range up into the daily tables and their months into the monthly ones', async () => {
    const day = daysAgo(3, 9);
    const inv = await fx.invoice({ receivedAt: day, validatedAt: new Date(day.getTime() + 400), country: 'FI' });
    await fx.invoice({ receivedAt: day, country: 'EE', format: 'ubl' });
    await fx.exception(inv, 'vat.FI', { createdAt: new Date(day.getTime() + 1000) });
    await fx.invoice({ receivedAt: daysAgo(1, 9), country: 'FI' }); // outside the range rolled below
    expect(await readFirstEventDay(db.ds)).toBe(isoDay(day));

    await rollUpDays(db.ds, daysAgo(3), daysAgo(2));
    const daily = await db.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, country, format, received::int, validated::int, exceptions::int
       FROM metric_invoice_daily ORDER BY country`,
    );
    expect(daily).toEqual([
      { day: isoDay(day), country: 'EE', format: 'ubl', received: 1, validated: 0, exceptions: 0 },
      { day: isoDay(day), country: 'FI', format: 'json', received: 1, validated: 1, exceptions: 1 },
    ]);
    const [opened] = await db.ds.query(`SELECT sum(opened)::int AS n FROM metric_exception_daily`);
    expect(opened.n).toBe(1);

    // Rolling the same days again replaces their rows instead of adding to them.
    await rollUpDays(db.ds, daysAgo(3), daysAgo(2));
    const [again] = await db.ds.query(`SELECT sum(received)::int AS n FROM metric_invoice_daily`);
    expect(again.n).toBe(2);

    await rollUpMonths(db.ds, isoDay(day), isoDay(day));
    const monthly = await db.ds.query(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month, sum(received)::int AS received FROM metric_invoice_monthly GROUP BY month`,
    );
    expect(monthly).toEqual([{ month: `${isoDay(day).slice(0, 7)}-01`, received: 2 }]);
  });

  it('folds the signed status deltas into one row per (format, country, status) with the same totals', async () => {
    const before = await db.ds.query(
      `SELECT format, country, status, sum(n)::int AS n FROM metric_invoice_status GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`,
    );
    expect(before.length).toBeGreaterThan(0);
    const id = await fx.invoice({ receivedAt: new Date(), country: 'SE' });
    await db.ds.query(`UPDATE invoices SET status = 'validating' WHERE id = $1`, [id]);
    await db.ds.query(`UPDATE invoices SET status = 'ready' WHERE id = $1`, [id]);
    const [{ rows }] = await db.ds.query(`SELECT count(*)::int AS rows FROM metric_invoice_status`);

    await compactInvoiceStatusCounts(db.ds);
    const after = await db.ds.query(
      `SELECT format, country, status, n::int AS n FROM metric_invoice_status ORDER BY 1, 2, 3`,
    );
    expect(after.length).toBeLessThan(rows);
    expect(after).toEqual(
      [...before, { format: 'json', country: 'SE', status: 'ready', n: 1 }].sort((a, b) =>
        `${a.format}${a.country}${a.status}`.localeCompare(`${b.format}${b.country}${b.status}`),
      ),
    );
  });
});
