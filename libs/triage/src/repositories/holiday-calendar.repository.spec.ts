import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { nationalHolidays } from '../holidays/national-holidays';
import { TriageFixtures } from '../testing/triage-fixtures';
import { ensurePublicHolidays, queueCalendar, queueCalendars } from './holiday-calendar.repository';
import { findQueue } from './queue.repository';

describe('holiday calendar repository (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: TriageFixtures;
  let manager: string;

  beforeAll(async () => {
    db = await openTestDatabase('triage_holiday_repo');
    fx = await new TriageFixtures(db.ds).init();
    manager = await fx.reviewer();
  });
  afterAll(() => db?.close());

  it("writes four years of the countries' national holidays, once", async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const n = await ensurePublicHolidays(db.ds, now, ['FI', 'EE']);
    const expected = ['FI', 'EE'].flatMap((c) => [2025, 2026, 2027, 2028].flatMap((y) => nationalHolidays(c, y)));
    expect(n).toBe(expected.length);
    await ensurePublicHolidays(db.ds, now, ['FI', 'EE']);
    const [{ count }] = await db.ds.query(`SELECT count(*)::int AS count FROM public_holidays`);
    expect(count).toBe(n);
    const [christmas] = await db.ds.query(
      `SELECT name FROM public_holidays WHERE country = 'FI' AND day = '2026-12-25'`,
    );
    expect(christmas).toBeDefined();
  });

  it("adds the closing days that apply to the queue (its own, its country's, company-wide) from the day before on", async () => {
    await fx.queue('vat.FI', {
      country: 'FI',
      calendar: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00', country: 'FI', holidays: ['2026-12-31'] },
    });
    await fx.queue('vat.EE', { country: 'EE' });
    const close = (day: string, country: string | null, queueKey: string | null) =>
      db.ds.query(
        `INSERT INTO closing_days (day, country, queue_key, reason, created_by) VALUES ($1, $2, $3, 'x', $4)`,
        [day, country, queueKey, manager],
      );
    await close('2026-12-01', null, null); // everyone
    await close('2026-12-02', 'FI', null); // Finland
    await close('2026-12-03', null, 'vat.FI'); // this queue
    await close('2026-12-04', 'EE', null); // another country
    await close('2026-12-05', null, 'vat.EE'); // another queue
    await close('2026-11-20', null, null); // long past
    const cal = await queueCalendar(db.ds, (await findQueue(db.ds, 'vat.FI'))!, new Date('2026-11-30T12:00:00Z'));
    expect([...cal.holidays!].sort()).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-31']);
    expect(cal).toMatchObject({ days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' });
    // Several queues in one statement: each its own closing days, as alone.
    const ee = (await findQueue(db.ds, 'vat.EE'))!;
    const both = await queueCalendars(
      db.ds,
      [ee, (await findQueue(db.ds, 'vat.FI'))!],
      new Date('2026-11-30T12:00:00Z'),
    );
    expect([...both.get('vat.FI')!.holidays!].sort()).toEqual([...cal.holidays!].sort());
    const eeAlone = await queueCalendar(db.ds, ee, new Date('2026-11-30T12:00:00Z'));
    expect([...both.get('vat.EE')!.holidays!].sort()).toEqual([...eeAlone.holidays!].sort());
    expect(eeAlone.holidays).toContain('2026-12-05');
    expect(eeAlone.holidays).not.toContain('2026-12-03');
    expect(await queueCalendars(db.ds, [], new Date())).toEqual(new Map());
  });
});
