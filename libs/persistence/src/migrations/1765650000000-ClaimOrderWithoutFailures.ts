import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CLAIMABLE,
  ClaimRoutineCountryAware1765510000000,
  claimRoutineSql,
  LOOKAHEAD,
  TAKEABLE,
} from './1765510000000-ClaimRoutineCountryAware';
import { ClaimRoutineGenericPlans1765520000000 } from './1765520000000-ClaimRoutineGenericPlans';

/** SYSTEM_FAILED_QUEUE of libs/triage: what the pipeline gave up on, for an admin to retry. */
const FAILURES = `'system.failed'`;

/** The shared claim order and the head of the failures queue, merged (for a reviewer with the system skill). */
const withFailures = (lookahead: boolean) => {
  const limit = lookahead ? ` LIMIT ${LOOKAHEAD}` : '';
  return `SELECT c.id, c.status INTO v_id, v_from
            FROM ((SELECT o.id, o.priority, o.created_at FROM exceptions o
                    WHERE o.status IN (${CLAIMABLE}) AND o.assignee_id IS NULL AND o.queue_key <> ${FAILURES}
                      AND o.queue_key = ANY (v_keys)
                    ORDER BY o.priority DESC, o.created_at${limit})
                  UNION ALL
                  (SELECT o.id, o.priority, o.created_at FROM exceptions o
                    WHERE o.queue_key = ${FAILURES} AND o.status IN (${CLAIMABLE}) AND o.assignee_id IS NULL
                    ORDER BY o.priority DESC, o.created_at${limit})
                  ORDER BY 2 DESC, 3) o
            JOIN exceptions c ON c.id = o.id
           WHERE ${TAKEABLE}
           ORDER BY o.priority DESC, o.created_at
           LIMIT 1 FOR UPDATE OF c SKIP LOCKED;`;
};

const WALK = `IF NOT (${FAILURES} = ANY (v_keys)) THEN
            SELECT c.id, c.status INTO v_id, v_from FROM exceptions c
             WHERE c.queue_key <> ${FAILURES} AND ${TAKEABLE}
             ORDER BY c.priority DESC, c.created_at
             LIMIT 1 FOR UPDATE OF c SKIP LOCKED;
          ELSE
            ${withFailures(true)}
            IF v_id IS NULL THEN
              ${withFailures(false)}
            END IF;
          END IF;`;

/**
 * The items of `system.failed` leave the claim order that a reviewer of many queues walks: the walk moves to
 * exceptions_shared_claim_order_idx, the global order without them (exceptions_claim_order_idx stays, for
 * queries over every claimable item). They are what the pipeline gave up on, for an admin to retry: most
 * teams have nobody with the system skill, so they are never claimed and, as everything around them is,
 * they gather at the top of the order, where every walk fetched each one from the table to see that its
 * queue is not the reviewer's (PostgreSQL 15 filters on an INCLUDE column only after the heap). In the claim
 * bench's world (100,000 open, one in 35 a failure, 13,000 claimed) that was 0.23 ms of a claim's 0.61;
 * after an outage it would be thousands of rows a claim. A reviewer with the system skill walks the shared
 * order and the failures queue's own index, merged; a reviewer of few queues merges per queue as before.
 * `plan_cache_mode` is set again (CREATE OR REPLACE resets it).
 */
export class ClaimOrderWithoutFailures1765650000000 implements MigrationInterface {
  name = 'ClaimOrderWithoutFailures1765650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX exceptions_shared_claim_order_idx ON exceptions (priority DESC, created_at) INCLUDE (queue_key)
      WHERE status IN (${CLAIMABLE}) AND assignee_id IS NULL AND queue_key <> ${FAILURES}`);
    await q.query(claimRoutineSql(WALK));
    await new ClaimRoutineGenericPlans1765520000000().up(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS exceptions_shared_claim_order_idx`);
    await new ClaimRoutineCountryAware1765510000000().up(q);
    await new ClaimRoutineGenericPlans1765520000000().up(q);
  }
}
