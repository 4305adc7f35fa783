import { MigrationInterface, QueryRunner } from 'typeorm';
import { setSmallSampleTargets, SMALL_SAMPLE_TARGET } from './1765530000000-SmallSamplesForPerInvoiceRows';

/**
 * `invoice_lines` and `invoice_vat_breakdown` were relational copies of what the invoice's canonical JSON
 * holds, written by every intake (and the lines again by every correction; the VAT rows never were, so they
 * went stale) and read by nothing in the product. In intake's one statement they were a third of its
 * work for 1,000 invoices (auto_explain: reading their JSON rows 22 ms, inserting 14 ms, the foreign-key
 * check of each row against its invoice 26 ms of 151 ms) and ~750 bytes an invoice on disk. They are now
 * views over `invoices.canonical` with the same names and columns, computed as intake computed the rows: a
 * decimal column holds a value only when it is a string PostgreSQL can store as numeric (`storable_decimal`,
 * as `storableDecimal` in the API), the position counts from 0. Always in step with the document, also
 * after a correction. `down` makes them tables again, filled from the views.
 */
export class InvoiceLinesFromDocument1765640000000 implements MigrationInterface {
  name = 'InvoiceLinesFromDocument1765640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION storable_decimal(v jsonb) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT CASE WHEN jsonb_typeof(v) = 'string' AND (v #>> '{}') ~ '^-?\\d{1,20}(\\.\\d{1,20})?$' THEN (v #>> '{}')::numeric END $$`);
    await q.query(`DROP TABLE invoice_lines`);
    await q.query(`DROP TABLE invoice_vat_breakdown`);
    await q.query(`CREATE VIEW invoice_lines AS
      SELECT i.id AS invoice_id, (e.n - 1)::int AS position, e.l ->> 'id' AS line_id,
             COALESCE(e.l ->> 'description', e.l ->> 'name') AS description, storable_decimal(e.l -> 'quantity') AS quantity,
             e.l ->> 'unitCode' AS unit_code, storable_decimal(e.l -> 'unitPrice') AS unit_price,
             storable_decimal(e.l -> 'netAmount') AS net_amount, e.l ->> 'vatCategory' AS vat_category,
             storable_decimal(e.l -> 'vatRate') AS vat_rate, e.l ->> 'poLineReference' AS po_line_reference
      FROM invoices i
      CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(i.canonical -> 'lines') = 'array' THEN i.canonical -> 'lines' ELSE '[]'::jsonb END)
        WITH ORDINALITY AS e(l, n)`);
    await q.query(`CREATE VIEW invoice_vat_breakdown AS
      SELECT i.id AS invoice_id, (e.n - 1)::int AS position, e.v ->> 'category' AS category, storable_decimal(e.v -> 'rate') AS rate,
             storable_decimal(e.v -> 'taxableAmount') AS taxable_amount, storable_decimal(e.v -> 'taxAmount') AS tax_amount
      FROM invoices i
      CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(i.canonical -> 'vatBreakdown') = 'array' THEN i.canonical -> 'vatBreakdown' ELSE '[]'::jsonb END)
        WITH ORDINALITY AS e(v, n)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TEMP TABLE restored_lines AS SELECT * FROM invoice_lines`);
    await q.query(`CREATE TEMP TABLE restored_vat AS SELECT * FROM invoice_vat_breakdown`);
    await q.query(`DROP VIEW invoice_lines`);
    await q.query(`DROP VIEW invoice_vat_breakdown`);
    await q.query(`DROP FUNCTION storable_decimal(jsonb)`);
    await q.query(`CREATE TABLE invoice_lines (
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      position int NOT NULL,
      line_id text, description text, quantity numeric, unit_code text, unit_price numeric, net_amount numeric,
      vat_category text, vat_rate numeric, po_line_reference text,
      PRIMARY KEY (invoice_id, position)
    )`);
    await q.query(`CREATE TABLE invoice_vat_breakdown (
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      position int NOT NULL,
      category text, rate numeric, taxable_amount numeric, tax_amount numeric,
      PRIMARY KEY (invoice_id, position)
    )`);
    await q.query(`INSERT INTO invoice_lines SELECT * FROM restored_lines`);
    await q.query(`INSERT INTO invoice_vat_breakdown SELECT * FROM restored_vat`);
    await q.query(`DROP TABLE restored_lines, restored_vat`);
    // As SmallSamplesForPerInvoiceRows left them (both are among its tables): read by key, planned from their counts.
    await setSmallSampleTargets(q, SMALL_SAMPLE_TARGET);
  }
}
