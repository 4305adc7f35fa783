import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Changes that move money or weaken a control (a supplier's new bank account, unblocking, raised
 * tolerances, looser four eyes on a queue) wait here until a different manager or admin decides them.
 * The database itself refuses an approval by the requester.
 */
export class PendingChanges1764400000200 implements MigrationInterface {
  name = 'PendingChanges1764400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pending_changes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('supplier.bank-accounts.add', 'supplier.unblock', 'supplier.tolerances', 'queue.four-eyes')),
      target_type text NOT NULL CHECK (target_type IN ('supplier', 'queue')),
      target_id text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      reason text,
      requested_by uuid NOT NULL REFERENCES staff_users(id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid REFERENCES staff_users(id),
      decided_at timestamptz,
      decision_reason text,
      CONSTRAINT pending_changes_decided CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL)),
      CONSTRAINT pending_changes_two_people CHECK (status <> 'approved' OR decided_by <> requested_by)
    )`);
    await q.query(`CREATE INDEX pending_changes_open_idx ON pending_changes (requested_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX pending_changes_target_idx ON pending_changes (target_type, target_id, requested_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS pending_changes`);
  }
}
