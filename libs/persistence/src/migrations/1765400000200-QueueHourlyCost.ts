import { MigrationInterface, QueryRunner } from 'typeorm';

/** What an hour of review in a queue costs (EUR, NUMERIC): the handle-time part of the cost of an exception. */
export class QueueHourlyCost1765400000200 implements MigrationInterface {
  name = 'QueueHourlyCost1765400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE review_queues ADD COLUMN hourly_cost numeric(12,2) NOT NULL DEFAULT 45.00 CHECK (hourly_cost >= 0)`,
    );
    await q.query(`CREATE INDEX exceptions_supplier_created_idx ON exceptions (supplier_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS exceptions_supplier_created_idx`);
    await q.query(`ALTER TABLE review_queues DROP COLUMN hourly_cost`);
  }
}
