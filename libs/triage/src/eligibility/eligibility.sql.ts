/**
 * Eligibility as SQL fragments over `reviewers r` and `review_queues q`, so claims and routing decide
 * in the database, inside the statement that takes the item. `$now` is the placeholder of the clock.
 */
export const SKILLS_MATCH_SQL = `r.countries @> q.required_countries AND r.languages @> q.required_languages AND r.categories @> q.required_categories`;

/** Not a holiday of the reviewer's home country, nor a company closing day for every queue (of that country). */
export const NOT_DAY_OFF_SQL = (
  now: string,
) => `NOT EXISTS (SELECT 1 FROM public_holidays ph WHERE ph.country = r.home_country
      AND ph.region = '' AND ph.day = (${now}::timestamptz AT TIME ZONE r.time_zone)::date)
  AND NOT EXISTS (SELECT 1 FROM closing_days cd WHERE cd.queue_key IS NULL AND (cd.country IS NULL OR cd.country = r.home_country)
      AND cd.day = (${now}::timestamptz AT TIME ZONE r.time_zone)::date)`;

/** Online, inside their working hours in their own time zone, not on a day off (routing pushes only to these). */
export const AVAILABLE_NOW_SQL = (now: string) => `r.availability = 'online'
  AND (r.working_hours->'days') @> to_jsonb(EXTRACT(ISODOW FROM (${now}::timestamptz AT TIME ZONE r.time_zone))::int)
  AND (${now}::timestamptz AT TIME ZONE r.time_zone)::time >= (r.working_hours->>'start')::time
  AND ((${now}::timestamptz AT TIME ZONE r.time_zone)::time < (r.working_hours->>'end')::time OR r.working_hours->>'end' = '24:00')
  AND ${NOT_DAY_OFF_SQL(now)}`;

/**
 * Country-aware queues (`route_by_country`): a push gives an item to a reviewer with the invoice's country
 * among their skills (`countries`), to anyone eligible once the queue's fallback wait has passed since its
 * SLA started. Pulls are not restricted: a reviewer may take what their skills allow.
 */
export const COUNTRY_PUSH_SQL = (e: string, q: string, countries: string, now: string) =>
  `(NOT ${q}.route_by_country OR ${e}.country IS NULL OR ${countries} @> ARRAY[${e}.country::text]
    OR COALESCE(${e}.sla_started_at, ${e}.created_at) <= ${now}::timestamptz - make_interval(mins => ${q}.country_fallback_minutes))`;
