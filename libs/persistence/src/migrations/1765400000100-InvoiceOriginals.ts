import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The document as posted when it is more than its XML: the PDF of a Factur-X / ZUGFeRD invoice, kept as
 * the visual for reviewers (the embedded CII is the invoice's raw_document). Bounded by the body limit.
 */
export class InvoiceOriginals1765400000100 implements MigrationInterface {
  name = 'InvoiceOriginals1765400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE invoice_originals (
      invoice_id uuid PRIMARY KEY REFERENCES invoices(id) ON DELETE CASCADE,
      content_type text NOT NULL CHECK (content_type IN ('application/pdf')),
      attachment_name text NOT NULL,
      content bytea NOT NULL,
      byte_size int NOT NULL CHECK (byte_size > 0 AND byte_size = octet_length(content)),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`ALTER TABLE invoice_originals ALTER COLUMN content SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invoice_originals`);
  }
}
