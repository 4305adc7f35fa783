import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA pauses: an item waiting for the supplier or the buyer stops its SLA clock. Each pause is a row
 * (who asked whom, why, the business minutes the SLA had left, how it ended); the item carries the
 * open pause's start and the wall time it spent paused in total.
 */
export class SlaPauses1765270000000 implements MigrationInterface {
  name = 'SlaPauses1765270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exceptions ADD COLUMN sla_paused_at timestamptz,
      ADD COLUMN sla_paused_seconds numeric NOT NULL DEFAULT 0`);
    await q.query(`CREATE TABLE exception_sla_pauses (
      id bigserial PRIMARY KEY,
      exception_id uuid NOT NULL REFERENCES exceptions(id),
      waiting_for text NOT NULL CHECK (waiting_for IN ('supplier','buyer')),
      reason text NOT NULL,
      paused_by_type text NOT NULL,
      paused_by_id text,
      started_at timestamptz NOT NULL,
      due_remaining_minutes numeric,
      warn_remaining_minutes numeric,
      ended_at timestamptz,
      answer text CHECK (answer IN ('supplier_reply','buyer_reply','new_invoice_version','manual','closed')),
      resumed_by_type text,
      resumed_by_id text,
      business_minutes numeric,
      CHECK ((ended_at IS NULL) = (answer IS NULL))
    )`);
    await q.query(`CREATE INDEX exception_sla_pauses_exception_idx ON exception_sla_pauses (exception_id, id)`);
    await q.query(
      `CREATE UNIQUE INDEX exception_sla_pauses_open_idx ON exception_sla_pauses (exception_id) WHERE ended_at IS NULL`,
    );
    await q.query(`CREATE INDEX exceptions_sla_paused_idx ON exceptions (invoice_id) WHERE sla_paused_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX exceptions_sla_paused_idx`);
    await q.query(`DROP TABLE exception_sla_pauses`);
    await q.query(`ALTER TABLE exceptions DROP COLUMN sla_paused_seconds, DROP COLUMN sla_paused_at`);
  }
}
