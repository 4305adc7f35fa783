import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provenance of every validation run: which rule packs (name, version, content hash) judged the
 * invoice and a hash of the effective rule settings, so a verdict can be traced and re-checked after
 * a pack or settings change. One row per (invoice, run number) as `invoices.validation_runs` counts them.
 */
export class ValidationRunProvenance1764900000000 implements MigrationInterface {
  name = 'ValidationRunProvenance1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE validation_runs (
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      run int NOT NULL CHECK (run > 0),
      packs jsonb NOT NULL,
      settings_hash text NOT NULL CHECK (settings_hash ~ '^[0-9a-f]{64}$'),
      findings int NOT NULL DEFAULT 0,
      blocking int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (invoice_id, run)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS validation_runs`);
  }
}
