import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claims pick per queue: the top of each of the reviewer's queues, merged in priority order, instead
 * of walking the global claim order past every item of queues the reviewer cannot take. The index
 * covers both claimable statuses (the one it replaces covered only `open`, which it still serves).
 */
export class ClaimPerQueueIndex1764800000001 implements MigrationInterface {
  name = 'ClaimPerQueueIndex1764800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX exceptions_queue_claim_order_idx ON exceptions (queue_key, priority DESC, created_at)
      WHERE status IN ('open','awaiting_second_approval') AND assignee_id IS NULL`);
    await q.query(`DROP INDEX IF EXISTS exceptions_claimable_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS exceptions_claimable_idx ON exceptions (queue_key, priority DESC, created_at) WHERE status = 'open' AND assignee_id IS NULL`,
    );
    await q.query(`DROP INDEX IF EXISTS exceptions_queue_claim_order_idx`);
  }
}
