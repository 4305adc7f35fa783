import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pipeline that cannot be poisoned:
 * - invoices get the status `failed`, attempts counted in PostgreSQL (committed before the work, so a
 *   crash mid-validation counts), the next attempt time for reconciliation's back-off and the last error;
 * - pipeline_failures keeps every time an invoice was given up on (the Prometheus counter, the history);
 * - finding_suppressions keeps how many findings beyond the per-rule cap were left out;
 * - exceptions count their routing attempts;
 * - worker_heartbeats: each worker process's event-loop lag and last completed job, for /metrics.
 */
export class PipelineFailures1764100000000 implements MigrationInterface {
  name = 'PipelineFailures1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT IF EXISTS invoices_status_check`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_status_check
      CHECK (status IN ('received','validating','ready','in_review','rejected','returned_to_supplier','duplicate','failed'))`);
    await q.query(
      `ALTER TABLE invoices ADD COLUMN attempts int NOT NULL DEFAULT 0, ADD COLUMN next_attempt_at timestamptz, ADD COLUMN last_error text`,
    );
    await q.query(
      `CREATE INDEX invoices_unvalidated_idx ON invoices (received_at) WHERE status IN ('received','validating')`,
    );
    await q.query(`CREATE INDEX invoices_failed_idx ON invoices (updated_at) WHERE status = 'failed'`);
    await q.query(
      `ALTER TABLE exceptions ADD COLUMN route_attempts int NOT NULL DEFAULT 0, ADD COLUMN route_error text`,
    );
    await q.query(`CREATE TABLE pipeline_failures (
      id bigserial PRIMARY KEY,
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      stage text NOT NULL CHECK (stage IN ('validation','routing')),
      validation_run int NOT NULL,
      attempts int NOT NULL,
      error text NOT NULL,
      failed_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX pipeline_failures_invoice_idx ON pipeline_failures (invoice_id, id)`);
    await q.query(`CREATE TABLE finding_suppressions (
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      validation_run int NOT NULL,
      rule_id text NOT NULL,
      suppressed int NOT NULL CHECK (suppressed > 0),
      PRIMARY KEY (invoice_id, validation_run, rule_id)
    )`);
    await q.query(`CREATE TABLE worker_heartbeats (
      worker_id text PRIMARY KEY,
      hostname text NOT NULL,
      pid int NOT NULL,
      started_at timestamptz NOT NULL,
      beat_at timestamptz NOT NULL,
      event_loop_lag_seconds double precision NOT NULL,
      event_loop_lag_max_seconds double precision NOT NULL,
      jobs_completed bigint NOT NULL DEFAULT 0,
      last_job_completed_at timestamptz,
      last_job_queue text
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS worker_heartbeats`);
    await q.query(`DROP TABLE IF EXISTS finding_suppressions`);
    await q.query(`DROP TABLE IF EXISTS pipeline_failures`);
    await q.query(`ALTER TABLE exceptions DROP COLUMN IF EXISTS route_attempts, DROP COLUMN IF EXISTS route_error`);
    await q.query(`DROP INDEX IF EXISTS invoices_failed_idx`);
    await q.query(`DROP INDEX IF EXISTS invoices_unvalidated_idx`);
    await q.query(
      `ALTER TABLE invoices DROP COLUMN IF EXISTS attempts, DROP COLUMN IF EXISTS next_attempt_at, DROP COLUMN IF EXISTS last_error`,
    );
    await q.query(`UPDATE invoices SET status = 'received' WHERE status = 'failed'`);
    await q.query(`ALTER TABLE invoices DROP CONSTRAINT IF EXISTS invoices_status_check`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_status_check
      CHECK (status IN ('received','validating','ready','in_review','rejected','returned_to_supplier','duplicate'))`);
  }
}
