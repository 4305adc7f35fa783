import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The capacity check of every claim counts the items a reviewer holds. Keyed on
 * COALESCE(assignee_id, nil) so the planner can only use this index for it: a plain `assignee_id = $1`
 * also matches the other partial indexes on assignee_id, and with statistics taken while nothing was
 * held their estimates tie and the planner may walk every held item of every reviewer instead.
 */
export class ClaimCapacityIndex1763900150000 implements MigrationInterface {
  name = 'ClaimCapacityIndex1763900150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX exceptions_held_by_idx ON exceptions ((COALESCE(assignee_id, '00000000-0000-0000-0000-000000000000'::uuid)))
      WHERE status IN ('assigned','second_review')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS exceptions_held_by_idx`);
  }
}
