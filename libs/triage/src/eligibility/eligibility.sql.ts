/**
 * Eligibility as SQL fragments over `reviewers r` and `review_queues q`, so claims and routing decide
 * in the database, inside the statement that takes the item. `$now` is the placeholder of the clock.
 */
export const SKILLS_MATCH_SQL = `r.countries @> q.required_countries AND r.languages @> q.required_languages AND r.categories @> q.required_categories`;

/** Online and inside their working hours in their own time zone (routing pushes only to these). */
export const AVAILABLE_NOW_SQL = (now: string) => `r.availability = 'online'
  AND (r.working_hours->'days') @> to_jsonb(EXTRACT(ISODOW FROM (${now}::timestamptz AT TIME ZONE r.time_zone))::int)
  AND (${now}::timestamptz AT TIME ZONE r.time_zone)::time >= (r.working_hours->>'start')::time
  AND ((${now}::timestamptz AT TIME ZONE r.time_zone)::time < (r.working_hours->>'end')::time OR r.working_hours->>'end' = '24:00')`;
