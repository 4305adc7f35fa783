import { MigrationInterface, QueryRunner } from 'typeorm';
import { ClaimRoutine1765500000000 } from './1765500000000-ClaimRoutine';

/**
 * A push (routing filling a reviewer's capacity) into a country-aware queue gives an item to a reviewer who
 * knows the invoice's country, to anyone eligible after the queue's fallback wait, as the item-by-item
 * push already did; a pull is not restricted. `COUNTRY_PUSH_SQL` of libs/triage is the same condition.
 */
const COUNTRY_PUSH = `(p_mode = 'pull' OR EXISTS (SELECT 1 FROM review_queues cq WHERE cq.key = c.queue_key
          AND (NOT cq.route_by_country OR c.country IS NULL OR v_countries @> ARRAY[c.country::text]
    OR COALESCE(c.sla_started_at, c.created_at) <= p_now - make_interval(mins => cq.country_fallback_minutes))))`;

/** Queue-merge branches of the per-queue pick; a reviewer of more queues walks the global claim order. */
const BRANCHES = 24;
export const LOOKAHEAD = 256;
export const CLAIMABLE = `'open','awaiting_second_approval'`;

/** What every pick checks on the item it locks: claimable, in the reviewer's queues, not their own first approval, the push rule. */
export const TAKEABLE = `c.status IN (${CLAIMABLE}) AND c.assignee_id IS NULL AND c.queue_key = ANY (v_keys)
             AND c.first_approver_id IS DISTINCT FROM p_reviewer
             AND ${COUNTRY_PUSH}`;

const branches = (lookahead: boolean) =>
  Array.from(
    { length: BRANCHES },
    (_, i) => `(SELECT o.id, o.priority, o.created_at FROM exceptions o
        WHERE o.queue_key = v_keys[${i + 1}] AND o.status IN (${CLAIMABLE}) AND o.assignee_id IS NULL
        ORDER BY o.priority DESC, o.created_at${lookahead ? ` LIMIT ${LOOKAHEAD}` : ''})`,
  ).join(' UNION ALL ');

/** The pick of a reviewer of many queues: the walk of the global claim order. */
const WALK = `SELECT c.id, c.status INTO v_id, v_from FROM exceptions c
           WHERE ${TAKEABLE}
           ORDER BY c.priority DESC, c.created_at
           LIMIT 1 FOR UPDATE OF c SKIP LOCKED;`;

const perQueuePick = (lookahead: boolean) => `SELECT c.id, c.status INTO v_id, v_from
      FROM (${branches(lookahead)} ORDER BY 2 DESC, 3) o
      JOIN exceptions c ON c.id = o.id
      WHERE ${TAKEABLE}
      ORDER BY o.priority DESC, o.created_at
      LIMIT 1 FOR UPDATE OF c SKIP LOCKED;`;

/**
 * `claim_next_exception` (migration ClaimRoutine) with the country-aware push: filling a reviewer's capacity
 * used to ignore `route_by_country`, so an Estonian supplier issue could be pushed to a reviewer who does
 * not read Estonian as soon as they came online. Same routine otherwise; down restores the previous one.
 */
export class ClaimRoutineCountryAware1765510000000 implements MigrationInterface {
  name = 'ClaimRoutineCountryAware1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(claimRoutineSql(WALK));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS claim_next_exception(uuid, timestamptz, text, text, text, text)`);
    await new ClaimRoutine1765500000000().up(q);
  }
}

/**
 * The routine's text with `walk` as the pick of a reviewer of many queues (the statement that sets v_id and
 * v_from, or several); a later migration that changes only the walk reuses the rest.
 */
export function claimRoutineSql(walk: string): string {
  return `CREATE OR REPLACE FUNCTION claim_next_exception(p_reviewer uuid, p_now timestamptz, p_mode text,
        p_actor_type text, p_actor_id text, p_action text) RETURNS SETOF exceptions LANGUAGE plpgsql AS $fn$
      DECLARE
        v_capacity int; v_countries text[]; v_available boolean; v_keys text[]; v_all int; v_held int; v_n int;
        v_id uuid; v_from text;
      BEGIN
        SELECT r.capacity, r.countries,
               p_mode = 'pull' OR (r.availability = 'online'
                 AND (r.working_hours->'days') @> to_jsonb(EXTRACT(ISODOW FROM (p_now AT TIME ZONE r.time_zone))::int)
                 AND (p_now AT TIME ZONE r.time_zone)::time >= (r.working_hours->>'start')::time
                 AND ((p_now AT TIME ZONE r.time_zone)::time < (r.working_hours->>'end')::time OR r.working_hours->>'end' = '24:00')
                 AND NOT EXISTS (SELECT 1 FROM public_holidays ph WHERE ph.country = r.home_country
                     AND ph.region = '' AND ph.day = (p_now AT TIME ZONE r.time_zone)::date)
                 AND NOT EXISTS (SELECT 1 FROM closing_days cd WHERE cd.queue_key IS NULL
                     AND (cd.country IS NULL OR cd.country = r.home_country)
                     AND cd.day = (p_now AT TIME ZONE r.time_zone)::date)),
               ARRAY(SELECT q.key FROM review_queues q WHERE r.countries @> q.required_countries
                     AND r.languages @> q.required_languages AND r.categories @> q.required_categories),
               (SELECT count(*)::int FROM review_queues)
          INTO v_capacity, v_countries, v_available, v_keys, v_all
          FROM reviewers r JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL
         WHERE r.id = p_reviewer
           FOR NO KEY UPDATE OF r;
        IF NOT FOUND OR NOT v_available OR cardinality(v_keys) = 0 THEN RETURN; END IF;

        SELECT count(*)::int INTO v_held FROM exceptions h
         WHERE COALESCE(h.assignee_id, '00000000-0000-0000-0000-000000000000'::uuid) = p_reviewer
           AND h.status IN ('assigned','second_review');
        IF v_held >= v_capacity THEN RETURN; END IF;

        v_n := cardinality(v_keys);
        IF v_n > ${BRANCHES} OR v_n * 3 > v_all THEN
          ${walk}
        ELSE
          ${perQueuePick(true)}
          IF v_id IS NULL THEN
            ${perQueuePick(false)}
          END IF;
        END IF;
        IF v_id IS NULL THEN RETURN; END IF;

        RETURN QUERY
        WITH claimed AS (
          UPDATE exceptions e
             SET status = CASE e.status WHEN 'open' THEN 'assigned' WHEN 'awaiting_second_approval' THEN 'second_review' END,
                 assignee_id = p_reviewer, claimed_at = p_now, first_claimed_at = COALESCE(e.first_claimed_at, p_now),
                 last_activity_at = p_now, updated_at = p_now, version = e.version + 1
           WHERE e.id = v_id
          RETURNING e.*
        ), period AS (
          INSERT INTO exception_work_periods (exception_id, reviewer_id, started_at) SELECT claimed.id, p_reviewer, p_now FROM claimed
        ), audit AS (
          INSERT INTO audit_events (aggregate_type, aggregate_id, action, from_state, to_state, actor_type, actor_id, data)
          SELECT 'exception', claimed.id, p_action, v_from, claimed.status, p_actor_type, p_actor_id,
                 jsonb_build_object('to', p_reviewer::text, 'mode', p_mode) FROM claimed
        ), touched AS (
          UPDATE reviewers SET last_assigned_at = p_now WHERE id = p_reviewer AND EXISTS (SELECT 1 FROM claimed)
        )
        SELECT * FROM claimed;
      END $fn$`;
}
