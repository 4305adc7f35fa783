import { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS: [table: string, column: string, width: number][] = [
  ['invoices', 'currency', 3],
  ['invoices', 'seller_country', 2],
  ['invoices', 'buyer_country', 2],
  ['exceptions', 'currency', 3],
  ['exceptions', 'country', 2],
];

/**
 * Currency and country codes read from documents are stored as written: a UBL invoice in "EURO" or
 * to "FIN" is accepted and gets its code-list finding (BR-CL-04 / BR-CL-14) from the rules, as the
 * official validator does, so the columns are text with a length cap instead of char(n). Intake
 * refuses longer values with a 400 before they reach SQL (CODE_MAX in canonical-limits.ts).
 */
export class CodeColumnsAsText1764200000000 implements MigrationInterface {
  name = 'CodeColumnsAsText1764200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE text`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_length CHECK (char_length(${column}) <= 35)`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column, width] of COLUMNS) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_${column}_length`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE char(${width}) USING left(${column}, ${width})`);
    }
  }
}
