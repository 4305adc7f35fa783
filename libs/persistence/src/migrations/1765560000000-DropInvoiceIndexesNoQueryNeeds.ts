import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every invoice is written three times on its way to a verdict (received, validating, its verdict), each
 * time into every index of `invoices` (status changes, so no update is HOT). Two indexes no query needs any
 * more go:
 * - `invoices_seller_received_idx (seller_vat_id, received_at DESC)`: the duplicate candidates come from
 *   invoices_seller_number_key_idx and invoices_near_duplicate_idx (their plans never chose it);
 * - `invoices_seller_number_idx (seller_vat_id, invoice_number)`: intake's exact-duplicate check uses
 *   invoices_seller_number_key_idx, which the exact number implies; a new version resuming the items waiting
 *   for the supplier is planned from those few items (exceptions_sla_paused_idx) and their invoices by key.
 * Measured on 40,000 invoices of 500 sellers with the other indexes of the schema (insert, then the two
 * status updates): 1,051 / 1,310 / 1,615 ms -> 838-859 / 983-985 / 1,232-1,249 ms.
 */
export class DropInvoiceIndexesNoQueryNeeds1765560000000 implements MigrationInterface {
  name = 'DropInvoiceIndexesNoQueryNeeds1765560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS invoices_seller_received_idx`);
    await q.query(`DROP INDEX IF EXISTS invoices_seller_number_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS invoices_seller_number_idx ON invoices (seller_vat_id, invoice_number)`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS invoices_seller_received_idx ON invoices (seller_vat_id, received_at DESC)`,
    );
  }
}
