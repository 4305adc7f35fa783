import { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/persistence';
import { AVAILABLE_NOW_SQL, SKILLS_MATCH_SQL } from '../eligibility/eligibility.sql';
import { CLAIMABLE_STATUSES, sqlStatusList, sqlTargetStatus } from '../exception/exception-state';
import { ExceptionRow } from './exception-row';
import { HELD_COUNT_SQL } from './held-count.sql';

export type ClaimMode = 'pull' | 'push';

export interface ReviewerGate {
  capacity: number;
  held: number;
  available: boolean;
  queueKeys: string[];
}

const CLAIMABLE = sqlStatusList(CLAIMABLE_STATUSES);

/** Skills, availability and capacity of a reviewer whose row this transaction has locked. */
const gateSql = (
  mode: ClaimMode,
) => `SELECT r.capacity, ${mode === 'push' ? AVAILABLE_NOW_SQL('$2') : 'true'} AS available,
       ARRAY(SELECT q.key FROM review_queues q WHERE ${SKILLS_MATCH_SQL}) AS queue_keys,
       (SELECT count(*)::int FROM review_queues) AS all_queues
     FROM reviewers r JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL
     WHERE r.id = $1 AND $2::timestamptz IS NOT NULL FOR NO KEY UPDATE OF r`;

/**
 * Locks the reviewer row (every path that hands work to a reviewer does this first, so capacity
 * cannot be overrun by concurrent claims) and reads what they may take. A pull needs skills and free
 * capacity; a push (routing) also needs them online and inside their working hours. NO KEY UPDATE
 * serialises the hand-outs of one reviewer without blocking foreign-key checks that reference them.
 */
export async function lockReviewerGate(
  em: EntityManager,
  reviewerId: string,
  now: Date,
  mode: ClaimMode,
): Promise<ReviewerGate | null> {
  const [r] = await em.query(gateSql(mode), [reviewerId, now]);
  if (!r) return null;
  // A fresh statement after the lock: it sees every assignment committed by whoever held the lock before.
  const [{ held }] = await em.query(`SELECT ${HELD_COUNT_SQL('$1::uuid')} AS held`, [reviewerId]);
  return { capacity: r.capacity, held, available: r.available, queueKeys: r.queue_keys };
}

/**
 * Per-queue merging pays an index descent per queue; walking the global claim order pays for entries of
 * queues the reviewer cannot take. Measured on 100,000 open items in 33 queues: a reviewer of 12 queues
 * read 208 buffers per claim merged vs 123 walking (freshly vacuumed), 12,144 vs 20,265 with 20,000
 * claimed-but-unvacuumed entries. So: merge when the reviewer's queues are under a third of all queues
 * (and at most this many), walk otherwise.
 */
const MAX_PER_QUEUE_BRANCHES = 24;
/** Per-queue look-ahead of the fast pick: enough for every concurrent claimer to skip what others hold. */
const PER_QUEUE_LOOKAHEAD = 256;

/**
 * The candidates in claim order. With the reviewer's queues known, the top of each queue
 * (exceptions_queue_claim_order_idx) is merged by priority: a claim reads only entries of queues the
 * reviewer may take, not the global order past everybody else's items. `lookahead` bounds each
 * queue's branch so the planner starts from the index (a subquery in FROM is planned for all its
 * rows otherwise); without it the branches are complete (the fallback when every look-ahead row is taken).
 */
function candidatesSql(queueCount: number, lookahead: number | null): string {
  const branch = (i: number) => `(SELECT o.id, o.priority, o.created_at FROM exceptions o
      WHERE o.queue_key = ($3::text[])[${i}] AND o.status IN (${CLAIMABLE}) AND o.assignee_id IS NULL
      ORDER BY o.priority DESC, o.created_at${lookahead ? ` LIMIT ${lookahead}` : ''})`;
  return Array.from({ length: queueCount }, (_, i) => branch(i + 1)).join(' UNION ALL ') + ' ORDER BY 2 DESC, 3';
}

/** The global walk along exceptions_claim_order_idx, for reviewers who may take from a large share of the queues. */
const GLOBAL_PICK = `SELECT c.id, c.status AS from_status FROM exceptions c
       WHERE c.status IN (${CLAIMABLE}) AND c.assignee_id IS NULL AND c.queue_key = ANY($3::text[])
         AND c.first_approver_id IS DISTINCT FROM $1 AND ${HELD_COUNT_SQL('$1::uuid')} < $8::int
       ORDER BY c.priority DESC, c.created_at
       LIMIT 1 FOR UPDATE OF c SKIP LOCKED`;

const perQueuePick = (
  queueCount: number,
  lookahead: number | null,
) => `SELECT c.id, c.status AS from_status FROM (${candidatesSql(queueCount, lookahead)}) o
       JOIN exceptions c ON c.id = o.id
       WHERE c.status IN (${CLAIMABLE}) AND c.assignee_id IS NULL AND c.queue_key = ANY($3::text[])
         AND c.first_approver_id IS DISTINCT FROM $1 AND ${HELD_COUNT_SQL('$1::uuid')} < $8::int
       ORDER BY o.priority DESC, o.created_at
       LIMIT 1 FOR UPDATE OF c SKIP LOCKED`;

const claimSql = (pick: string) => `WITH picked AS (
       ${pick}
     ), claimed AS (
       UPDATE exceptions e SET status = ${sqlTargetStatus('assign', 'e.status')}, assignee_id = $1, claimed_at = $2,
         first_claimed_at = COALESCE(e.first_claimed_at, $2), last_activity_at = $2, updated_at = $2, version = e.version + 1
       FROM picked WHERE e.id = picked.id
       RETURNING e.*, picked.from_status
     ), period AS (
       INSERT INTO exception_work_periods (exception_id, reviewer_id, started_at) SELECT id, $1, $2 FROM claimed
     ), audit AS (
       INSERT INTO audit_events (aggregate_type, aggregate_id, action, from_state, to_state, actor_type, actor_id, data)
       SELECT 'exception', id, $6, from_status, status, $4, $5, jsonb_build_object('to', $1::text, 'mode', $7::text) FROM claimed
     ), touched AS (
       UPDATE reviewers SET last_assigned_at = $2 WHERE id = $1 AND EXISTS (SELECT 1 FROM claimed)
     )
     SELECT * FROM claimed`;

/**
 * Takes the highest-priority item the reviewer may work, atomically: the first statement locks the
 * reviewer row and reads their queues; the second (a fresh snapshot, so it sees every hand-out
 * committed by whoever held that lock before) checks capacity, picks with FOR UPDATE SKIP LOCKED (so
 * concurrent callers never get the same row) from the merged tops of the reviewer's queues, assigns
 * it, opens the work period and writes the audit event. Both run as prepared statements. When every
 * look-ahead row was taken by others, the pick runs once more over the whole queues. Must run inside
 * a transaction; returns null when nothing fits.
 */
export async function claimNext(
  em: EntityManager,
  reviewerId: string,
  now: Date,
  mode: ClaimMode,
): Promise<ExceptionRow | null> {
  const [gate] = await preparedQuery<{
    capacity: number;
    available: boolean;
    queue_keys: string[];
    all_queues: number;
  }>(em, gateSql(mode), [reviewerId, now]);
  if (!gate || !gate.available || !gate.queue_keys.length) return null;
  const actor = mode === 'pull' ? ['staff', reviewerId, 'claimed'] : ['system', 'system', 'assigned'];
  const params = [reviewerId, now, gate.queue_keys, actor[0], actor[1], actor[2], mode, gate.capacity];
  const n = gate.queue_keys.length;
  if (n > MAX_PER_QUEUE_BRANCHES || n * 3 > gate.all_queues) {
    const [row] = await preparedQuery<ExceptionRow & { from_status: string }>(em, claimSql(GLOBAL_PICK), params);
    return row ?? null;
  }
  let [row] = await preparedQuery<ExceptionRow & { from_status: string }>(
    em,
    claimSql(perQueuePick(n, PER_QUEUE_LOOKAHEAD)),
    params,
  );
  if (!row)
    [row] = await preparedQuery<ExceptionRow & { from_status: string }>(em, claimSql(perQueuePick(n, null)), params);
  return row ?? null;
}
