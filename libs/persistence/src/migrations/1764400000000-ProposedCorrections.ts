import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On a four-eyes item a correction is first proposed (kept here) and applied only when a different
 * person gives the second approval.
 */
export class ProposedCorrections1764400000000 implements MigrationInterface {
  name = 'ProposedCorrections1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exceptions ADD COLUMN proposed_corrections jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exceptions DROP COLUMN IF EXISTS proposed_corrections`);
  }
}
