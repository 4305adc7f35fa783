import { EntityManager } from 'typeorm';
import { SYSTEM } from '@app/persistence';
import { AVAILABLE_NOW_SQL, COUNTRY_PUSH_SQL, SKILLS_MATCH_SQL } from '../eligibility/eligibility.sql';
import { CLAIMABLE_STATUSES, HELD_STATUSES, sqlStatusList } from '../exception/exception-state';
import { applyTransition } from './exception-transition.repository';
import { ExceptionRow, lockException } from './exception.repository';
import { HELD_COUNT_SQL } from './held-count.sql';

const HELD = sqlStatusList(HELD_STATUSES);

/** Each reviewer's held items, counted once per statement (MATERIALIZED: a subplan reads it, it is not recomputed per row). */
const LOAD_CTE = `load AS MATERIALIZED (SELECT assignee_id, count(*)::int AS held FROM exceptions WHERE assignee_id IS NOT NULL AND status IN (${HELD}) GROUP BY assignee_id)`;

/**
 * Whether reviewer `r` (with their load `l`) may be pushed item `e` of queue `q`: skills match, online and
 * inside working hours now, free capacity, not the item's first approver nor excluded, and in a
 * country-aware queue someone who knows the invoice's country until the queue's fallback wait has
 * passed. `excluded` is SQL for a uuid[].
 */
const REVIEWER_FITS_SQL = (now: string, excluded: string) =>
  `${SKILLS_MATCH_SQL} AND ${AVAILABLE_NOW_SQL(now)}
         AND r.id IS DISTINCT FROM e.first_approver_id AND NOT (r.id = ANY(${excluded}))
         AND COALESCE(l.held, 0) < r.capacity
         AND ${COUNTRY_PUSH_SQL('e', 'q', 'r.countries', now)}`;

/** The item `e` (of queue `q`) is waiting for a reviewer. */
const WAITING_SQL = `e.status IN (${sqlStatusList(CLAIMABLE_STATUSES)}) AND e.assignee_id IS NULL`;

/**
 * Of these items (each with the reviewer it must not go to, if any), the ones some reviewer could be
 * pushed now: one statement for all, with the same conditions as `assignToBestReviewer`'s choice, so an
 * item left out here would have found nobody there (and waits in its queue). Not locking: the choice
 * itself is made again, under locks, by `assignToBestReviewer`. The statement starts from the items (by
 * primary key) and asks per item whether a reviewer fits: joined the other way round, the planner, which
 * cannot estimate how many reviewers are online now, walked every reviewer × queue pair and read the
 * queue's items for each (615 ms for 50 items with 200 reviewers online and 100,000 open items). Each item
 * is read by its key alone (LATERAL ... LIMIT 1: the waiting conditions are checked on the row, not given to
 * the scan): with statistics older than the backlog the planner otherwise read every waiting item through
 * the claim index, thought empty, and hashed them (11,000 buffers for 16 items among 20,000).
 */
export async function withPushCandidates(
  em: EntityManager,
  items: { exceptionId: string; excludeReviewerId?: string | null }[],
  now: Date,
): Promise<Set<string>> {
  if (!items.length) return new Set();
  const rows: { exception_id: string }[] = await em.query(
    `WITH ${LOAD_CTE}
     SELECT e.id AS exception_id
       FROM (SELECT id, COALESCE(array_agg(excluded) FILTER (WHERE excluded IS NOT NULL), '{}') AS excluded
               FROM unnest($1::uuid[], $3::uuid[]) AS u(id, excluded) GROUP BY id) x
       CROSS JOIN LATERAL (SELECT * FROM exceptions WHERE id = x.id LIMIT 1) e
       JOIN review_queues q ON q.key = e.queue_key
      WHERE ${WAITING_SQL}
        AND EXISTS (SELECT 1 FROM reviewers r
                      JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL
                      LEFT JOIN load l ON l.assignee_id = r.id
                     WHERE ${REVIEWER_FITS_SQL('$2', 'x.excluded')})`,
    [items.map((i) => i.exceptionId), now, items.map((i) => i.excludeReviewerId ?? null)],
  );
  return new Set(rows.map((r) => r.exception_id));
}

/**
 * Pushes one waiting item to the best eligible reviewer: skills match, online and inside working
 * hours now, free capacity, and in a country-aware queue someone who knows the invoice's country
 * until the queue's fallback wait has passed; fewest held items first, then longest since their last assignment.
 * Returns the updated row, or null when nobody fits (the item waits in its queue). Runs in a transaction.
 */
export async function assignToBestReviewer(
  em: EntityManager,
  exceptionId: string,
  now: Date,
  excludeReviewerId?: string | null,
): Promise<ExceptionRow | null> {
  const tried: string[] = excludeReviewerId ? [excludeReviewerId] : [];
  // A candidate found full is let go (rolled back to here, which releases its row) before the next is
  // locked: a push holds one reviewer's row at a time. Holding it while waiting for the next one's made
  // cycles between concurrent pushes, which PostgreSQL broke by aborting one of the transactions waiting
  // there (a claim or a decision queued on those rows among them).
  await em.query(`SAVEPOINT push_candidate`);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) await em.query(`ROLLBACK TO SAVEPOINT push_candidate`);
    const [candidate] = await em.query(
      `WITH ${LOAD_CTE}
       SELECT r.id FROM (SELECT * FROM exceptions WHERE id = $1 LIMIT 1) e
       JOIN review_queues q ON q.key = e.queue_key
       JOIN reviewers r ON true
       JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL
       LEFT JOIN load l ON l.assignee_id = r.id
       WHERE ${WAITING_SQL} AND ${REVIEWER_FITS_SQL('$2', '$3::uuid[]')}
       ORDER BY COALESCE(l.held, 0), r.last_assigned_at NULLS FIRST, r.id
       LIMIT 1 FOR UPDATE OF r`,
      [exceptionId, now, tried],
    );
    if (!candidate) return null;
    // Locked: recount with a fresh snapshot, then take the item if it is still waiting.
    const [{ held, capacity }] = await em.query(
      `SELECT ${HELD_COUNT_SQL('$1::uuid')} AS held, capacity FROM reviewers WHERE id = $1`,
      [candidate.id],
    );
    if (held >= capacity) {
      tried.push(candidate.id);
      continue;
    }
    const row = await lockException(em, exceptionId);
    if (!row || !(CLAIMABLE_STATUSES as readonly string[]).includes(row.status) || row.assignee_id) return null;
    return applyTransition(em, row, {
      action: 'assign',
      actor: SYSTEM,
      now,
      assigneeId: candidate.id,
      auditAction: 'assigned',
      data: { mode: 'push' },
    });
  }
  return null;
}
