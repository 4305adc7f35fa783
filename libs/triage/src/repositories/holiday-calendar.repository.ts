import { INVOICE_COUNTRIES } from '../queues/queue-defaults';
import { nationalHolidays } from '../holidays/national-holidays';
import { BusinessCalendar } from '../sla/business-hours';
import { Sql } from './exception.repository';
import { QueueRow } from './queue.repository';

/**
 * Writes the national holidays of our countries for the years around `now` into public_holidays, where
 * routing reads them (a reviewer is not pushed work on their country's holiday). Idempotent.
 */
export async function ensurePublicHolidays(em: Sql, now: Date, countries = INVOICE_COUNTRIES): Promise<number> {
  const year = now.getUTCFullYear();
  const rows = countries.flatMap((country) =>
    [year - 1, year, year + 1, year + 2].flatMap((y) => nationalHolidays(country, y).map((h) => ({ country, ...h }))),
  );
  await em.query(
    `INSERT INTO public_holidays (country, day, name)
     SELECT * FROM unnest($1::text[], $2::date[], $3::text[]) ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.country), rows.map((r) => r.date), rows.map((r) => r.name)],
  );
  return rows.length;
}

/** A queue's calendar with the company closing days that apply to it from `from` on (its national holidays come with its country). */
export async function queueCalendar(em: Sql, queue: QueueRow, from: Date): Promise<BusinessCalendar> {
  return (await queueCalendars(em, [queue], from)).get(queue.key)!;
}

/** `queueCalendar` of several queues in one statement, by queue key. */
export async function queueCalendars(em: Sql, queues: QueueRow[], from: Date): Promise<Map<string, BusinessCalendar>> {
  const closed = new Map<string, string[]>(queues.map((q) => [q.key, []]));
  if (queues.length) {
    const rows: { key: string; day: string }[] = await em.query(
      `SELECT q.key, to_char(c.day, 'YYYY-MM-DD') AS day
       FROM unnest($2::text[], $3::text[]) AS q(key, country)
       JOIN closing_days c ON c.day >= $1::date - 1 AND (c.queue_key IS NULL OR c.queue_key = q.key) AND (c.country IS NULL OR c.country = q.country)`,
      [from, queues.map((q) => q.key), queues.map((q) => q.calendar.country ?? null)],
    );
    for (const r of rows) closed.get(r.key)!.push(r.day);
  }
  return new Map(
    queues.map((q) => [q.key, { ...q.calendar, holidays: [...(q.calendar.holidays ?? []), ...closed.get(q.key)!] }]),
  );
}
