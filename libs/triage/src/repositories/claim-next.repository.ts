import { EntityManager } from 'typeorm';
import { SKILLS_MATCH_SQL } from '../eligibility/eligibility.sql';
import { ExceptionRow } from './exception.repository';
import { HELD_COUNT_SQL } from './held-count.sql';

export type ClaimMode = 'pull' | 'push';

export interface ReviewerGate {
  capacity: number;
  held: number;
  queueKeys: string[];
}

/** Skills and capacity of a reviewer, locking their row. */
const GATE_SQL = `SELECT r.capacity, ARRAY(SELECT q.key FROM review_queues q WHERE ${SKILLS_MATCH_SQL}) AS queue_keys
     FROM reviewers r JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL
     WHERE r.id = $1 FOR NO KEY UPDATE OF r`;

/**
 * Locks the reviewer row (every path that hands work to a reviewer does this first, so capacity
 * cannot be overrun by concurrent hand-outs) and reads the queues they may take from and what they
 * hold, for a claim of one named item or a manager's reassignment (review/next and routing run the
 * same gate inside `claim_next_exception`). NO KEY UPDATE serialises the hand-outs of one reviewer
 * without blocking foreign-key checks that reference them.
 */
export async function lockReviewerGate(em: EntityManager, reviewerId: string): Promise<ReviewerGate | null> {
  const [r] = await em.query(GATE_SQL, [reviewerId]);
  if (!r) return null;
  // A fresh statement after the lock: it sees every assignment committed by whoever held the lock before.
  const [{ held }] = await em.query(`SELECT ${HELD_COUNT_SQL('$1::uuid')} AS held`, [reviewerId]);
  return { capacity: r.capacity, held, queueKeys: r.queue_keys };
}

/**
 * Per-queue merging pays an index descent per queue; walking the global claim order pays for entries of
 * queues the reviewer cannot take. Measured on 100,000 open items in 33 queues: a reviewer of 12 queues
 * read 208 buffers per claim merged vs 123 walking (freshly vacuumed), 12,144 vs 20,265 with 20,000
 * claimed-but-unvacuumed entries. So the claim merges when the reviewer's queues are under a third of
 * all queues (and at most 24), and walks otherwise; the merge looks 256 items ahead per queue first. The
 * walk leaves out `system.failed` (migration ClaimOrderWithoutFailures): nobody in most teams can take its
 * items, which gathered at the top of the order and were fetched from the table by every walk; a reviewer
 * with the system skill walks and takes the failures queue's head, merged.
 *
 * The claim itself is the database function `claim_next_exception` (migration ClaimRoutine), one round
 * trip in place of a transaction of two statements: it locks the reviewer row (every path that hands
 * work to a reviewer does this first, so capacity cannot be overrun by concurrent claims), counts what
 * they hold in a fresh statement (it sees every hand-out committed by whoever held that lock before),
 * picks with FOR UPDATE SKIP LOCKED (so concurrent callers never get the same row), assigns, opens the
 * work period and writes the audit event. A pull needs skills and free capacity; a push (routing) also
 * needs the reviewer online and inside their working hours. Runs in the caller's transaction if there is
 * one, else as its own; returns null when nothing fits.
 */
const CLAIM_SQL = `SELECT * FROM claim_next_exception($1::uuid, $2::timestamptz, $3::text, $4::text, $5::text, $6::text)`;

export async function claimNext(
  em: EntityManager,
  reviewerId: string,
  now: Date,
  mode: ClaimMode,
): Promise<ExceptionRow | null> {
  const [actorType, actorId, action] =
    mode === 'pull' ? ['staff', reviewerId, 'claimed'] : ['system', 'system', 'assigned'];
  const [row] = await em.query(CLAIM_SQL, [reviewerId, now, mode, actorType, actorId, action]);
  return row ?? null;
}
