import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily roll-ups for the metrics endpoints and the indexes their live queries need. Every roll-up
 * row counts events of one UTC day (an event is keyed by its own timestamp: received, validated,
 * opened, first claimed, resolved), so a finished day never changes and refreshing recent days is
 * enough. '--' stands for "no country"; '*' in metric_duration_daily is the total over that dimension.
 */
export class MetricsRollups1763900200000 implements MigrationInterface {
  name = 'MetricsRollups1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE metric_rollup_state (
      name text PRIMARY KEY,
      rolled_through date,
      refreshed_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE metric_invoice_daily (
      day date NOT NULL,
      country text NOT NULL,
      format text NOT NULL,
      received int NOT NULL DEFAULT 0,
      validated int NOT NULL DEFAULT 0,
      touchless int NOT NULL DEFAULT 0,
      exceptions int NOT NULL DEFAULT 0,
      validation_seconds_sum float8 NOT NULL DEFAULT 0,
      validation_le int[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (day, country, format)
    )`);
    await q.query(`CREATE TABLE metric_exception_daily (
      day date NOT NULL,
      queue_key text NOT NULL,
      country text NOT NULL,
      opened int NOT NULL DEFAULT 0,
      resolved int NOT NULL DEFAULT 0,
      resolved_with_due int NOT NULL DEFAULT 0,
      resolved_in_sla int NOT NULL DEFAULT 0,
      claimed int NOT NULL DEFAULT 0,
      resolution_seconds_sum float8 NOT NULL DEFAULT 0,
      wait_seconds_sum float8 NOT NULL DEFAULT 0,
      handle_seconds_sum float8 NOT NULL DEFAULT 0,
      PRIMARY KEY (day, queue_key, country)
    )`);
    await q.query(`CREATE TABLE metric_duration_daily (
      measure text NOT NULL,
      queue_key text NOT NULL,
      country text NOT NULL,
      day date NOT NULL,
      bucket smallint NOT NULL,
      n int NOT NULL,
      PRIMARY KEY (measure, queue_key, country, day, bucket)
    )`);
    await q.query(`CREATE TABLE metric_supplier_daily (
      day date NOT NULL,
      country text NOT NULL,
      supplier_key text NOT NULL,
      validated int NOT NULL DEFAULT 0,
      affected int NOT NULL DEFAULT 0,
      exceptions int NOT NULL DEFAULT 0,
      PRIMARY KEY (day, country, supplier_key)
    )`);
    await q.query(`CREATE TABLE metric_rule_daily (
      day date NOT NULL,
      country text NOT NULL,
      rule_id text NOT NULL,
      affected int NOT NULL DEFAULT 0,
      findings int NOT NULL DEFAULT 0,
      PRIMARY KEY (day, country, rule_id)
    )`);

    await q.query(`CREATE INDEX invoices_validated_at_idx ON invoices (validated_at) WHERE validated_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX exceptions_first_claimed_idx ON exceptions (first_claimed_at) WHERE first_claimed_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX exceptions_resolved_by_idx ON exceptions (resolved_by, resolved_at) WHERE resolved_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX exceptions_unresolved_idx ON exceptions (queue_key, created_at) WHERE resolved_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX exceptions_breached_idx ON exceptions (sla_breached_at) WHERE sla_breached_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX findings_blocking_created_idx ON findings (created_at) WHERE severity = 'blocking'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of [
      'findings_blocking_created_idx',
      'exceptions_breached_idx',
      'exceptions_unresolved_idx',
      'exceptions_resolved_by_idx',
      'exceptions_first_claimed_idx',
      'invoices_validated_at_idx',
    ])
      await q.query(`DROP INDEX IF EXISTS ${i}`);
    for (const t of [
      'metric_rule_daily',
      'metric_supplier_daily',
      'metric_duration_daily',
      'metric_exception_daily',
      'metric_invoice_daily',
      'metric_rollup_state',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
