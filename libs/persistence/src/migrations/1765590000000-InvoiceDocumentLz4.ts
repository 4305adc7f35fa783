import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The invoice's document columns (the canonical JSON and the posted XML) are compressed with lz4 instead of
 * PostgreSQL's default pglz, where the server has lz4 (PostgreSQL 14 and later built with it, as Debian's
 * and the official images are). Each document is compressed once, at intake, and decompressed at every read
 * (the start of a validation run, the review pages); pglz's compression was 1.3 % of all CPU on this machine
 * under batch intake (perf), lz4 compresses several times faster for a few percent more bytes.
 * Measured with `bench/invoice-storage.bench.ts` (PostgreSQL backend CPU per invoice, pglz and lz4 schemas
 * alternated): see the README's performance notes. Existing values keep their compression until rewritten;
 * a server without lz4 keeps pglz.
 */
export class InvoiceDocumentLz41765590000000 implements MigrationInterface {
  name = 'InvoiceDocumentLz41765590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$
      BEGIN
        ALTER TABLE invoices ALTER COLUMN canonical SET COMPRESSION lz4, ALTER COLUMN raw_document SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
        RAISE NOTICE 'lz4 is not available in this PostgreSQL; the invoice document columns keep pglz';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE invoices ALTER COLUMN canonical SET COMPRESSION default, ALTER COLUMN raw_document SET COMPRESSION default`,
    );
  }
}
