import { MigrationInterface, QueryRunner } from 'typeorm';

/** Surge mode: since when a queue's arrivals exceed what the team on shift serves (null: no surge). */
export class QueueSurge1765410000000 implements MigrationInterface {
  name = 'QueueSurge1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_queues ADD COLUMN surge_since timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_queues DROP COLUMN surge_since`);
  }
}
