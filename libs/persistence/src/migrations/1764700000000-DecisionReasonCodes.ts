import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reason codes for review decisions: a configurable list (managers edit it through the API), each
 * valid for some decisions; the code chosen is stored with the decision and in its audit event.
 */
export class DecisionReasonCodes1764700000000 implements MigrationInterface {
  name = 'DecisionReasonCodes1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE decision_reason_codes (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,59}$'),
      label text NOT NULL,
      decisions text[] NOT NULL CHECK (decisions <@ ARRAY['approve','reject','return_to_supplier','correct']::text[] AND cardinality(decisions) > 0),
      active boolean NOT NULL DEFAULT true,
      sort int NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO decision_reason_codes (code, label, decisions, sort) VALUES
      ('price-agreed-by-buyer', 'Price agreed by buyer', '{approve}', 10),
      ('quantity-confirmed', 'Quantity confirmed by receiver', '{approve}', 20),
      ('bank-account-verified', 'Bank account verified by phone with the supplier', '{approve}', 30),
      ('not-a-duplicate', 'Not a duplicate: a different supply', '{approve}', 40),
      ('credit-note-requested', 'Credit note requested from the supplier', '{return_to_supplier,reject}', 50),
      ('duplicate-invoice', 'Duplicate of an invoice already received', '{reject}', 60),
      ('wrong-vat', 'Wrong VAT rate or category', '{return_to_supplier,reject}', 70),
      ('missing-po', 'Purchase order missing or wrong', '{return_to_supplier}', 80),
      ('obvious-typo', 'Obvious typing error corrected', '{correct}', 90),
      ('amounts-recomputed', 'Amounts recomputed from the lines', '{correct}', 100)`);
    await q.query(`ALTER TABLE exceptions ADD COLUMN decision_reason_code text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exceptions DROP COLUMN decision_reason_code`);
    await q.query(`DROP TABLE decision_reason_codes`);
  }
}
