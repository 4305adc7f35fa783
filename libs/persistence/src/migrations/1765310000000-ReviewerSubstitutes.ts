import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Substitutes: a reviewer names who takes their held work while they are away or off, and whether
 * it comes back when they return. Each handover is a row, so a return knows what went where.
 */
export class ReviewerSubstitutes1765310000000 implements MigrationInterface {
  name = 'ReviewerSubstitutes1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reviewers ADD COLUMN substitute_id uuid REFERENCES reviewers(id) ON DELETE SET NULL,
      ADD COLUMN return_on_comeback boolean NOT NULL DEFAULT true,
      ADD CONSTRAINT reviewers_substitute_not_self CHECK (substitute_id IS DISTINCT FROM id)`);
    await q.query(`CREATE TABLE reviewer_handovers (
      id bigserial PRIMARY KEY,
      exception_id uuid NOT NULL REFERENCES exceptions(id),
      from_reviewer uuid NOT NULL REFERENCES reviewers(id),
      to_reviewer uuid REFERENCES reviewers(id),
      handed_at timestamptz NOT NULL,
      returned_at timestamptz
    )`);
    await q.query(
      `CREATE INDEX reviewer_handovers_open_idx ON reviewer_handovers (from_reviewer) WHERE returned_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reviewer_handovers`);
    await q.query(`ALTER TABLE reviewers DROP CONSTRAINT reviewers_substitute_not_self,
      DROP COLUMN return_on_comeback, DROP COLUMN substitute_id`);
  }
}
