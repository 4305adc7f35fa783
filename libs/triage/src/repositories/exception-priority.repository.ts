import { CLAIMABLE_STATUSES, sqlStatusList } from '../exception/exception-state';
import { BREACH_BOOST, prioritySql } from '../priority/priority';
import { Sql } from './exception.repository';

export interface RescoreOptions {
  /** Only this queue's backlog (after its priority rule changed). */
  queueKey?: string;
  batchSize?: number;
}

export interface RescoreResult {
  scanned: number;
  changed: number;
  batches: number;
}

/** Routed items that wait in a queue: their priority orders the claim query. */
const WAITING = `e.status IN (${sqlStatusList(CLAIMABLE_STATUSES)}) AND e.assignee_id IS NULL AND e.sla_started_at IS NOT NULL`;

/**
 * In surge mode a queue is served time-to-breach first: the score falls from 900 towards 500 as the
 * time left before the breach grows (above every ordinary score, below every breached item).
 */
const PRIORITY = `CASE WHEN q.surge_since IS NOT NULL AND e.sla_due_at IS NOT NULL
    THEN round(500 + 400 / (1 + GREATEST(0, EXTRACT(EPOCH FROM (e.sla_due_at - $1::timestamptz)) / 3600))::numeric, 2)
    ELSE ${prioritySql({ amount: 'e.amount', dueDate: 'i.due_date', enteredAt: 'e.sla_started_at', rule: 'q.priority_rule', now: '$1::timestamptz' })} END
  + CASE WHEN e.sla_breached_at IS NOT NULL THEN ${BREACH_BOOST} ELSE 0 END`;

/**
 * One batch in one statement: the next `limit` waiting items by id after the cursor, locked in id order
 * (so two re-scoring runs wait for each other instead of deadlocking; claims skip locked rows and
 * never wait), then re-scored at `now`. The lock re-checks that an item still waits, so one claimed
 * meanwhile is left alone; the breach lead is read from the latest row version. Rows whose score did
 * not move are not written.
 */
const BATCH_SQL = `WITH batch AS (
    SELECT e.id FROM exceptions e
    WHERE ${WAITING} AND ($2::uuid IS NULL OR e.id > $2::uuid) AND ($3::text IS NULL OR e.queue_key = $3::text)
    ORDER BY e.id LIMIT $4
    FOR NO KEY UPDATE OF e
  ), rescored AS (
    UPDATE exceptions e SET priority = ${PRIORITY}
    FROM batch b, review_queues q, invoices i
    WHERE e.id = b.id AND q.key = e.queue_key AND i.id = e.invoice_id AND ${WAITING}
      AND e.priority IS DISTINCT FROM (${PRIORITY})
    RETURNING e.id
  )
  SELECT (SELECT count(*) FROM batch)::int AS scanned, (SELECT count(*) FROM rescored)::int AS changed,
         (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last_id`;

/**
 * Recomputes the priority of waiting items at `now` (due date proximity and age move with time, a
 * queue's rule may change), batch by batch in id order, each batch its own short statement so claims
 * are never blocked for long. Safe to run any number of times: the score depends only on the row,
 * its invoice, its queue's rule and `now`. Not wrapped in a transaction on purpose.
 */
export async function rescoreWaiting(db: Sql, now: Date, opts: RescoreOptions = {}): Promise<RescoreResult> {
  const limit = opts.batchSize ?? 1000;
  const total: RescoreResult = { scanned: 0, changed: 0, batches: 0 };
  let cursor: string | null = null;
  for (;;) {
    const r = await runBatch(db, [now, cursor, opts.queueKey ?? null, limit]);
    total.batches++;
    // A batch may come back short when items were claimed while it waited for their locks: go on until empty.
    if (!r.scanned || !r.last_id) return total;
    total.scanned += r.scanned;
    total.changed += r.changed;
    cursor = r.last_id;
  }
}

type BatchRow = { scanned: number; changed: number; last_id: string | null };

/** Runs one batch; a deadlock with a multi-row writer elsewhere is retried (the batch is idempotent). */
async function runBatch(db: Sql, params: unknown[], attempts = 3): Promise<BatchRow> {
  for (let attempt = 1; ; attempt++) {
    try {
      const [r]: BatchRow[] = await db.query(BATCH_SQL, params);
      return r;
    } catch (e) {
      if (attempt >= attempts || !['40P01', '40001'].includes((e as { code?: string }).code ?? '')) throw e;
    }
  }
}
