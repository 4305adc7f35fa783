import { EntityManager } from 'typeorm';
import { Actor } from '@app/persistence';
import { AVAILABLE_NOW_SQL, SKILLS_MATCH_SQL } from '../eligibility/eligibility.sql';
import { HELD_STATUSES, sqlStatusList } from '../exception/exception-state';
import { applyTransition } from './exception-transition.repository';
import { ExceptionRow, lockException } from './exception.repository';
import { HELD_COUNT_SQL } from './held-count.sql';

const HELD = sqlStatusList(HELD_STATUSES);

export interface HandoverOutcome {
  exceptionId: string;
  to: string | null; // null: back to its queue (nobody eligible)
}

/**
 * The best substitute for one held item, locked: the absent reviewer's named substitute when eligible,
 * otherwise the manager's rule — skills for the item's queue, online and inside working hours (not on
 * a day off), free capacity, not the item's first approver; fewest held items, then longest idle.
 */
async function pickSubstitute(em: EntityManager, row: ExceptionRow, from: string, now: Date): Promise<string | null> {
  const [c] = await em.query(
    `SELECT r.id FROM reviewers r
     JOIN review_queues q ON q.key = $2
     JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL
     WHERE r.id <> $1 AND ${SKILLS_MATCH_SQL} AND ${AVAILABLE_NOW_SQL('$3')}
       AND r.id IS DISTINCT FROM $4::uuid AND ${HELD_COUNT_SQL('r.id')} < r.capacity
     ORDER BY (r.id = (SELECT substitute_id FROM reviewers WHERE id = $1)) DESC NULLS LAST,
       ${HELD_COUNT_SQL('r.id')}, r.last_assigned_at NULLS FIRST, r.id
     LIMIT 1 FOR UPDATE OF r`,
    [from, row.queue_key, now, row.first_approver_id],
  );
  return c?.id ?? null;
}

/**
 * A reviewer went away or off: each item they hold moves to a substitute (or back to its queue when
 * nobody is eligible), audited as `handed_over`, and recorded so it can return when they come back.
 */
export async function handOverHeldItems(
  em: EntityManager,
  reviewerId: string,
  now: Date,
  actor: Actor,
): Promise<HandoverOutcome[]> {
  const ids: { id: string }[] = await em.query(
    `SELECT id FROM exceptions WHERE assignee_id = $1 AND status IN (${HELD}) ORDER BY priority DESC, id`,
    [reviewerId],
  );
  const out: HandoverOutcome[] = [];
  for (const { id } of ids) {
    const row = await lockException(em, id);
    if (!row || row.assignee_id !== reviewerId) continue;
    const to = await pickSubstitute(em, row, reviewerId, now);
    const why = 'reviewer away: work handed to a substitute';
    if (to)
      await applyTransition(em, row, {
        action: row.first_approver_id ? 'reassign_second' : 'reassign',
        actor,
        now,
        assigneeId: to,
        reason: why,
        auditAction: 'handed_over',
        data: { substituteFor: reviewerId },
      });
    else
      await applyTransition(em, row, {
        action: 'release',
        actor,
        now,
        reason: 'reviewer away and no substitute eligible: back to the queue',
        auditAction: 'handed_over',
        data: { substituteFor: reviewerId },
      });
    await em.query(
      `INSERT INTO reviewer_handovers (exception_id, from_reviewer, to_reviewer, handed_at) VALUES ($1,$2,$3,$4)`,
      [row.id, reviewerId, to, now],
    );
    out.push({ exceptionId: row.id, to });
  }
  return out;
}

/**
 * The reviewer is back: items handed over that are still held by their substitute (undecided) return
 * to them when their setting says so, up to their capacity; every handover of theirs is closed.
 */
export async function returnHandedOverItems(
  em: EntityManager,
  reviewerId: string,
  now: Date,
  actor: Actor,
): Promise<string[]> {
  const [me] = await em.query(`SELECT return_on_comeback, capacity FROM reviewers WHERE id = $1 FOR NO KEY UPDATE`, [
    reviewerId,
  ]);
  const open: { id: number; exception_id: string; to_reviewer: string | null }[] = await em.query(
    `SELECT id, exception_id, to_reviewer FROM reviewer_handovers WHERE from_reviewer = $1 AND returned_at IS NULL ORDER BY id`,
    [reviewerId],
  );
  const back: string[] = [];
  for (const h of open) {
    await em.query(`UPDATE reviewer_handovers SET returned_at = $2 WHERE id = $1`, [h.id, now]);
    if (!me?.return_on_comeback || !h.to_reviewer) continue;
    const [{ held }] = await em.query(`SELECT ${HELD_COUNT_SQL('$1::uuid')} AS held`, [reviewerId]);
    if (held >= me.capacity) continue;
    const row = await lockException(em, h.exception_id);
    if (!row || row.assignee_id !== h.to_reviewer || !HELD_STATUSES.includes(row.status)) continue;
    if (row.first_approver_id === reviewerId) continue;
    await applyTransition(em, row, {
      action: row.first_approver_id ? 'reassign_second' : 'reassign',
      actor,
      now,
      assigneeId: reviewerId,
      reason: 'reviewer back: handed-over work returns',
      auditAction: 'handed_back',
      data: { substitute: h.to_reviewer },
    });
    back.push(row.id);
  }
  return back;
}
