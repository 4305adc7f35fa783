import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language a reviewer reads the workbench in (finding messages and hints). Null: the first of the
 * reviewer's `languages` we write texts in, else English. The list matches SUPPORTED_LANGUAGES of @app/rules.
 */
export class ReviewerUiLanguage1765200000000 implements MigrationInterface {
  name = 'ReviewerUiLanguage1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reviewers ADD COLUMN ui_language text
      CHECK (ui_language IS NULL OR ui_language IN ('en','et','fi','sv','nb','da','lv','lt','pl','de','nl'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reviewers DROP COLUMN IF EXISTS ui_language`);
  }
}
