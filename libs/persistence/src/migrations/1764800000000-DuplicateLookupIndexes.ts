import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that bound the intake and validation queries whatever the data volume:
 * - near-duplicate candidates come from what defines a near duplicate (seller, currency, amount,
 *   issue date window), exact-number candidates from the seller and the number with case and
 *   whitespace removed; never from scanning a seller's recent invoices;
 * - a supplier's recent invoices by (seller, received_at);
 * - the post-intake outbox dispatch by aggregate id (it walked every undispatched-or-unvacuumed row).
 * No extension is needed (pg_trgm would be database-wide): the candidate sets are small, and the edit
 * distance of numbers is computed by the rule.
 */
export class DuplicateLookupIndexes1764800000000 implements MigrationInterface {
  name = 'DuplicateLookupIndexes1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX invoices_near_duplicate_idx ON invoices (seller_vat_id, upper(currency), payable, issue_date)
      WHERE status <> 'duplicate'`);
    await q.query(`CREATE INDEX invoices_seller_number_key_idx ON invoices (seller_vat_id, upper(regexp_replace(invoice_number, '\\s', '', 'g')))
      WHERE status <> 'duplicate'`);
    await q.query(`CREATE INDEX invoices_seller_received_idx ON invoices (seller_vat_id, received_at DESC)`);
    await q.query(`CREATE INDEX outbox_aggregate_idx ON outbox (aggregate_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of [
      'outbox_aggregate_idx',
      'invoices_seller_received_idx',
      'invoices_seller_number_key_idx',
      'invoices_near_duplicate_idx',
    ]) {
      await q.query(`DROP INDEX IF EXISTS ${i}`);
    }
  }
}
