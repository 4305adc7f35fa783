import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review workflow: exception statuses as a check, the SLA warning instant, the validation run an item
 * was (re)opened for, a per-queue claim timeout,
 * approvals by any staff user (managers may give the second approval), and the indexes of the claim
 * query (ordered by priority across queues), the SLA sweep and the abandoned-claim sweep.
 */
export class TriageWorkflow1763900100000 implements MigrationInterface {
  name = 'TriageWorkflow1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exceptions ADD CONSTRAINT exceptions_status_check
      CHECK (status IN ('open','assigned','awaiting_second_approval','second_review','escalated','resolved','superseded'))`);
    await q.query(`ALTER TABLE exceptions ADD COLUMN sla_started_at timestamptz, ADD COLUMN sla_warn_at timestamptz,
      ADD COLUMN validation_run int`);
    await q.query(
      `ALTER TABLE review_queues ADD COLUMN claim_timeout_minutes int NOT NULL DEFAULT 30 CHECK (claim_timeout_minutes > 0)`,
    );
    await q.query(
      `ALTER TABLE exceptions DROP CONSTRAINT IF EXISTS exceptions_first_approver_id_fkey, DROP CONSTRAINT IF EXISTS exceptions_resolved_by_fkey`,
    );
    await q.query(`ALTER TABLE exceptions ADD CONSTRAINT exceptions_first_approver_id_fkey FOREIGN KEY (first_approver_id) REFERENCES staff_users(id),
      ADD CONSTRAINT exceptions_resolved_by_fkey FOREIGN KEY (resolved_by) REFERENCES staff_users(id)`);
    await q.query(`CREATE INDEX exceptions_claim_order_idx ON exceptions (priority DESC, created_at) INCLUDE (queue_key)
      WHERE status IN ('open','awaiting_second_approval') AND assignee_id IS NULL`);
    await q.query(`CREATE INDEX exceptions_active_queue_idx ON exceptions (queue_key, status)
      WHERE status NOT IN ('resolved','superseded')`);
    await q.query(`CREATE INDEX exceptions_sla_pending_idx ON exceptions (sla_due_at)
      WHERE sla_breached_at IS NULL AND status NOT IN ('resolved','superseded')`);
    await q.query(
      `CREATE INDEX exceptions_held_activity_idx ON exceptions (last_activity_at) WHERE assignee_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX exception_work_periods_open_idx ON exception_work_periods (exception_id) WHERE ended_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of [
      'exception_work_periods_open_idx',
      'exceptions_held_activity_idx',
      'exceptions_sla_pending_idx',
      'exceptions_active_queue_idx',
      'exceptions_claim_order_idx',
    ]) {
      await q.query(`DROP INDEX IF EXISTS ${i}`);
    }
    await q.query(
      `ALTER TABLE exceptions DROP CONSTRAINT IF EXISTS exceptions_first_approver_id_fkey, DROP CONSTRAINT IF EXISTS exceptions_resolved_by_fkey`,
    );
    await q.query(`ALTER TABLE exceptions ADD CONSTRAINT exceptions_first_approver_id_fkey FOREIGN KEY (first_approver_id) REFERENCES reviewers(id),
      ADD CONSTRAINT exceptions_resolved_by_fkey FOREIGN KEY (resolved_by) REFERENCES reviewers(id)`);
    await q.query(`ALTER TABLE review_queues DROP COLUMN claim_timeout_minutes`);
    await q.query(
      `ALTER TABLE exceptions DROP COLUMN validation_run, DROP COLUMN sla_warn_at, DROP COLUMN sla_started_at`,
    );
    await q.query(`ALTER TABLE exceptions DROP CONSTRAINT exceptions_status_check`);
  }
}
