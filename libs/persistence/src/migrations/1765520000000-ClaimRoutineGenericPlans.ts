import { MigrationInterface, QueryRunner } from 'typeorm';

const ROUTINE = 'claim_next_exception(uuid, timestamptz, text, text, text, text)';

/**
 * `claim_next_exception` plans each of its statements once per connection. PostgreSQL's plan cache
 * re-plans a statement whose custom plans it prices below its generic plan: for a pull the push
 * condition folds away in a custom plan, so the walk of the global claim order was planned on every
 * claim (0.09 ms of a claim's 0.47 ms serially; the planner was 15 % of PostgreSQL's CPU in bursts of
 * 200 claims), and every statement was planned for the first five claims of each connection. The
 * generic plans are the plans the custom ones were: the walk down exceptions_claim_order_idx, one
 * descent of exceptions_queue_claim_order_idx per merged queue, the reviewer and the item by primary key.
 * claim-next.repository.spec.ts counts the plans of a warm connection's claims. A later migration that
 * replaces the function must keep this setting (CREATE OR REPLACE resets it).
 */
export class ClaimRoutineGenericPlans1765520000000 implements MigrationInterface {
  name = 'ClaimRoutineGenericPlans1765520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${ROUTINE} SET plan_cache_mode = force_generic_plan`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${ROUTINE} RESET plan_cache_mode`);
  }
}
