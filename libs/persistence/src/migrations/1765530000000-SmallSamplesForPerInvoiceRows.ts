import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables that grow by rows per invoice (its lines, VAT breakdown, outbox record, idempotency record,
 * findings, run provenance, audit events) are read by key (the invoice, the exception, the aggregate):
 * their plans need row counts, not rich distributions. An ANALYZE samples 300 × the largest statistics
 * target of a table's columns, 30,000 rows by default; with 10 it samples 3,000, a tenth of the reading.
 * The product analyzes these tables itself as they grow (autovacuum may be off), so this was most of
 * intake's PostgreSQL time at volume. `invoices` and `exceptions` keep the default: near-duplicate
 * look-ups and claims are planned from their distributions (sellers, queues).
 */
export const SMALL_SAMPLE_TABLES = [
  'invoice_lines',
  'invoice_vat_breakdown',
  'outbox',
  'idempotency_records',
  'findings',
  'finding_suppressions',
  'validation_runs',
  'audit_events',
] as const;
export const SMALL_SAMPLE_TARGET = 10;

/** Sets the statistics target of every column of the SMALL_SAMPLE_TABLES that are tables (-1: the default). */
export const setSmallSampleTargets = (q: QueryRunner, target: number) =>
  q.query(
    `DO $$ DECLARE r record; BEGIN
       FOR r IN SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
                  AND c.relname = ANY (ARRAY[${SMALL_SAMPLE_TABLES.map((t) => `'${t}'`).join(', ')}])
                  AND a.attnum > 0 AND NOT a.attisdropped LOOP
         EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS ${target}', r.relname, r.attname);
       END LOOP;
     END $$`,
  );

export class SmallSamplesForPerInvoiceRows1765530000000 implements MigrationInterface {
  name = 'SmallSamplesForPerInvoiceRows1765530000000';

  async up(q: QueryRunner): Promise<void> {
    await setSmallSampleTargets(q, SMALL_SAMPLE_TARGET);
  }

  async down(q: QueryRunner): Promise<void> {
    await setSmallSampleTargets(q, -1);
  }
}
