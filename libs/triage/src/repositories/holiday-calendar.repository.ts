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
  const country = queue.calendar.country ?? null;
  const rows: { day: string }[] = await em.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM closing_days
     WHERE day >= $1::date - 1 AND (queue_key IS NULL OR queue_key = $2) AND (country IS NULL OR country = $3)`,
    [from, queue.key, country],
  );
  return { ...queue.calendar, holidays: [...(queue.calendar.holidays ?? []), ...rows.map((r) => r.day)] };
}
