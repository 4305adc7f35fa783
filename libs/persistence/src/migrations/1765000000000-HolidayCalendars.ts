import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * National holidays and company closing days. Queue calendars name the country (and region) whose
 * public holidays close them; SLA planning reads those from the holiday library. Reviewers get a home
 * country, and routing skips reviewers on their country's holidays: public_holidays is the library's
 * list written out for SQL (filled at start-up for a few years around now). closing_days are the days
 * an admin closes every queue, the queues of one country, or one queue.
 */
export class HolidayCalendars1765000000000 implements MigrationInterface {
  name = 'HolidayCalendars1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE public_holidays (
      country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
      region text NOT NULL DEFAULT '',
      day date NOT NULL,
      name text NOT NULL,
      PRIMARY KEY (country, region, day)
    )`);
    await q.query(`CREATE TABLE closing_days (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      day date NOT NULL,
      country text CHECK (country ~ '^[A-Z]{2}$'),
      queue_key text REFERENCES review_queues(key) ON DELETE CASCADE,
      reason text NOT NULL,
      created_by uuid NOT NULL REFERENCES staff_users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE NULLS NOT DISTINCT (day, country, queue_key)
    )`);
    await q.query(`CREATE INDEX closing_days_day_idx ON closing_days (day)`);
    await q.query(`ALTER TABLE reviewers ADD COLUMN home_country text CHECK (home_country ~ '^[A-Z]{2}$')`);
    // Existing reviewers: the country of their time zone, where it names one of ours.
    await q.query(`UPDATE reviewers SET home_country = CASE time_zone
      WHEN 'Europe/Tallinn' THEN 'EE' WHEN 'Europe/Helsinki' THEN 'FI' WHEN 'Europe/Stockholm' THEN 'SE'
      WHEN 'Europe/Oslo' THEN 'NO' WHEN 'Europe/Copenhagen' THEN 'DK' WHEN 'Europe/Riga' THEN 'LV'
      WHEN 'Europe/Vilnius' THEN 'LT' WHEN 'Europe/Warsaw' THEN 'PL' WHEN 'Europe/Berlin' THEN 'DE'
      WHEN 'Europe/Amsterdam' THEN 'NL' END`);
    // Country queues close on their country's holidays from now on.
    await q.query(`UPDATE review_queues SET calendar = calendar || jsonb_build_object('country', country)
      WHERE country IS NOT NULL AND NOT calendar ? 'country'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE review_queues SET calendar = calendar - 'country' - 'region'`);
    await q.query(`ALTER TABLE reviewers DROP COLUMN home_country`);
    await q.query(`DROP TABLE closing_days`);
    await q.query(`DROP TABLE public_holidays`);
  }
}
