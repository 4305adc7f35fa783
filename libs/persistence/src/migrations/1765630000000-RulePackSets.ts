import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A validation run's provenance named the rule packs that judged it (name, version, content hash of each)
 * inline, in every run's row: ~550 bytes of JSON repeated for each of thousands of runs judged by the same
 * few lists (the bench's intake: 46 MB of `validation_runs` for 70,000 invoices, a tenth of what an
 * invoice takes in the database). The lists now live once in `rule_pack_sets`, keyed by the MD5 of their
 * JSON as PostgreSQL prints it (jsonb's text is canonical: equal lists, equal keys), and each run names its
 * list. Existing runs are moved over.
 */
export class RulePackSets1765630000000 implements MigrationInterface {
  name = 'RulePackSets1765630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rule_pack_sets (
      hash text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{32}$'),
      packs jsonb NOT NULL CHECK (jsonb_typeof(packs) = 'array'),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `INSERT INTO rule_pack_sets (hash, packs) SELECT DISTINCT ON (md5(packs::text)) md5(packs::text), packs FROM validation_runs`,
    );
    await q.query(`ALTER TABLE validation_runs ADD COLUMN pack_set text`);
    await q.query(`UPDATE validation_runs SET pack_set = md5(packs::text)`);
    await q.query(`ALTER TABLE validation_runs ALTER COLUMN pack_set SET NOT NULL,
      ADD CONSTRAINT validation_runs_pack_set_fkey FOREIGN KEY (pack_set) REFERENCES rule_pack_sets (hash),
      DROP COLUMN packs`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE validation_runs ADD COLUMN packs jsonb`);
    await q.query(`UPDATE validation_runs v SET packs = s.packs FROM rule_pack_sets s WHERE s.hash = v.pack_set`);
    await q.query(`ALTER TABLE validation_runs ALTER COLUMN packs SET NOT NULL, DROP COLUMN pack_set`);
    await q.query(`DROP TABLE rule_pack_sets`);
  }
}
