import { Inject, Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { FINAL_STATUSES } from '../run-options';

/** Creates the schema a run works in (before its DataSource exists). */
export async function createRunSchema(dbUrl: string, schema: string): Promise<void> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await c.end();
}

/** The SQL shared by the load runs (chaos, scale-out), in the run's own schema. */
@Injectable()
export class LoadRunRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The supplier of the sample invoice (Acme Oy) with its bank account, so that sample invoices pass. */
  async addSampleSupplier(): Promise<string> {
    const [s] = await this.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code, payment_terms_days) VALUES ('Acme Oy','FI02089088','FI',30) RETURNING id`,
    );
    await this.ds.query(`INSERT INTO supplier_bank_accounts (supplier_id, iban) VALUES ($1,'FI2112345600000785')`, [
      s.id,
    ]);
    return s.id;
  }

  /** How many of these invoices reached a final status. */
  async finished(ids: string[]): Promise<number> {
    const [{ n }] = await this.ds.query(
      `SELECT count(*)::int AS n FROM invoices WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[])`,
      [ids, FINAL_STATUSES],
    );
    return n;
  }

  /** Drops the run's schema (the DataSource's own); a failure is left to the caller's cleanup to ignore. */
  async dropSchema(schema: string): Promise<void> {
    await this.ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }
}
