import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The syntax-binding findings of an XML invoice as intake read them (the reader produces them with the
 * canonical invoice): the worker's first validation run takes them from here instead of reading the
 * document a second time. NULL for JSON invoices, for invoices received before this column, and when a
 * document had more findings than intake stores; the worker then reads `raw_document` as before, and
 * every later run (re-validation after a rules change, a correction) reads it again anyway.
 */
export class InvoiceSyntaxFindings1765540000000 implements MigrationInterface {
  name = 'InvoiceSyntaxFindings1765540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices ADD COLUMN syntax_findings jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices DROP COLUMN syntax_findings`);
  }
}
