import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Triage reconciliation looks, every pass, for in-review invoices none of whose items is still active.
 * Without an index on that status it read every invoice ever received (178-217 ms a pass at 50,000-70,000
 * invoices in the intake bench, growing with the history). This partial index holds the in-review invoices
 * only, the review backlog: an invoice enters it with its verdict and leaves it when it is settled.
 *
 * `exceptions_invoice_idx (invoice_id)` goes: the unique `(invoice_id, route_key)` index serves every look-up
 * by invoice, and one index fewer is written with every item opened, routed, claimed and decided.
 */
export class InReviewInvoicesIndex1765550000000 implements MigrationInterface {
  name = 'InReviewInvoicesIndex1765550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX invoices_in_review_idx ON invoices (id) WHERE status = 'in_review'`);
    await q.query(`DROP INDEX IF EXISTS exceptions_invoice_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS exceptions_invoice_idx ON exceptions (invoice_id)`);
    await q.query(`DROP INDEX IF EXISTS invoices_in_review_idx`);
  }
}
