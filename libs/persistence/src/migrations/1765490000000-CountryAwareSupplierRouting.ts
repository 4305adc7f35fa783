import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Country-aware routing: a queue may push an item first only to reviewers who know the invoice's
 * country (an Estonian supplier issue to someone who reads Estonian), and to anyone eligible after
 * `country_fallback_minutes`. On by default for the supplier and purchase-order queues.
 */
export class CountryAwareSupplierRouting1765490000000 implements MigrationInterface {
  name = 'CountryAwareSupplierRouting1765490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_queues ADD COLUMN route_by_country boolean NOT NULL DEFAULT false,
      ADD COLUMN country_fallback_minutes int NOT NULL DEFAULT 60 CHECK (country_fallback_minutes >= 0)`);
    await q.query(`UPDATE review_queues SET route_by_country = true WHERE key LIKE 'supplier.%' OR key LIKE 'po.%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_queues DROP COLUMN country_fallback_minutes, DROP COLUMN route_by_country`);
  }
}
