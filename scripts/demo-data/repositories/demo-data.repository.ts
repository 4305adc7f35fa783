import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DemoBatch } from '../demo-simulation';

/** A supplier row as the generator writes it (one jsonb record each). */
export interface DemoSupplierRecord {
  name: string;
  vat_id: string;
  country_code: string;
  currency: string;
  language: string;
  requires_po: boolean;
}

/** A reviewer profile as the generator writes it. */
export interface DemoReviewerProfile {
  id: string;
  name: string;
  countries: string[];
  languages: string[];
  categories: string[];
  capacity: number;
  availability: string;
  timeZone: string;
  weeklyGoal: number;
}

/** The SQL of the demo data generator: its master data, its set-based batch writes and what it leaves behind. */
@Injectable()
export class DemoDataRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async integrationId(): Promise<string | null> {
    const [found] = await this.ds.query(`SELECT id FROM integrations WHERE name = 'demo data generator' LIMIT 1`);
    return found?.id ?? null;
  }

  async addIntegration(keyHash: string): Promise<string> {
    const [row] = await this.ds.query(
      `INSERT INTO integrations (name, key_prefix, key_hash) VALUES ('demo data generator', 'demo', $1) RETURNING id`,
      [keyHash],
    );
    return row.id;
  }

  /** A buying entity of the country unless it has one. */
  async addBuyingEntity(country: string, name: string, vatId: string, timeZone: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO buying_entities (country_code, name, vat_id, time_zone) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [country, name, vatId, timeZone],
    );
  }

  /** Suppliers in one statement; a VAT id on file keeps its supplier. */
  async addSuppliers(suppliers: DemoSupplierRecord[]): Promise<void> {
    await this.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code, currency, language, payment_terms_days, requires_po)
    SELECT name, vat_id, country_code, currency, language, 30, requires_po FROM jsonb_to_recordset($1::jsonb)
      AS x(name text, vat_id text, country_code char(2), currency char(3), language text, requires_po boolean)
    ON CONFLICT (vat_id) DO NOTHING`,
      [JSON.stringify(suppliers)],
    );
  }

  supplierIds(vatIds: string[]): Promise<{ id: string; vat_id: string }[]> {
    return this.ds.query(`SELECT id, vat_id FROM suppliers WHERE vat_id = ANY($1)`, [vatIds]);
  }

  /** Bank accounts in one statement, pairwise (supplier i gets IBAN i). */
  async addBankAccounts(supplierIds: (string | undefined)[], ibans: string[]): Promise<void> {
    await this.ds.query(
      `INSERT INTO supplier_bank_accounts (supplier_id, iban) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING`,
      [supplierIds, ibans],
    );
  }

  /** A reviewer's staff account unless the address is taken; returns the account of the address either way. */
  async ensureReviewerAccount(email: string, name: string, passwordHash: string): Promise<string> {
    await this.ds.query(
      `INSERT INTO staff_users (email, name, password_hash, role) VALUES ($1, $2, $3, 'reviewer') ON CONFLICT (email) DO NOTHING`,
      [email, name, passwordHash],
    );
    const [u] = await this.ds.query(`SELECT id FROM staff_users WHERE email = $1`, [email]);
    return u.id;
  }

  /** A reviewer profile; an existing one takes the new countries, capacity, availability, time zone and goal. */
  async upsertReviewer(r: DemoReviewerProfile): Promise<void> {
    await this.ds.query(
      `INSERT INTO reviewers (id, display_name, countries, languages, categories, capacity, availability, time_zone, weekly_goal)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (id) DO UPDATE SET countries = EXCLUDED.countries, capacity = EXCLUDED.capacity, availability = EXCLUDED.availability,
        time_zone = EXCLUDED.time_zone, weekly_goal = EXCLUDED.weekly_goal`,
      [r.id, r.name, r.countries, r.languages, r.categories, r.capacity, r.availability, r.timeZone, r.weeklyGoal],
    );
  }

  /** The seed's manager account (same address), unless it exists. */
  async ensureManager(passwordHash: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO staff_users (email, name, password_hash, role) VALUES ('manager@example.com', 'Max Manager', $1, 'manager') ON CONFLICT (email) DO NOTHING`,
      [passwordHash],
    );
  }

  /** Removes earlier generated invoices and everything hanging off them. */
  async deleteGenerated(): Promise<void> {
    await this.ds.query(
      `DELETE FROM exception_work_periods w USING exceptions e, invoices i WHERE w.exception_id = e.id AND e.invoice_id = i.id AND i.source = 'demo'`,
    );
    await this.ds.query(
      `DELETE FROM exception_comments c USING exceptions e, invoices i WHERE c.exception_id = e.id AND e.invoice_id = i.id AND i.source = 'demo'`,
    );
    await this.ds.query(`DELETE FROM findings f USING invoices i WHERE f.invoice_id = i.id AND i.source = 'demo'`);
    await this.ds.query(`DELETE FROM exceptions e USING invoices i WHERE e.invoice_id = i.id AND i.source = 'demo'`);
    await this.ds.query(`DELETE FROM invoices WHERE source = 'demo'`);
  }

  /** Writes a simulated batch with one set-based INSERT per table (jsonb_to_recordset), not row by row. */
  async writeBatch(b: DemoBatch): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO invoices (id, integration_id, source, format, status, invoice_number, type_code, issue_date, due_date, currency, seller_name,
        seller_vat_id, seller_country, buyer_vat_id, buyer_country, supplier_id, tax_exclusive, tax_total, payable, canonical, validation_runs,
        received_at, validated_at, finalized_at, updated_at)
      SELECT id, integration_id, 'demo', format, status, invoice_number, '380', issue_date, due_date, currency, seller_name, seller_vat_id, seller_country,
        buyer_vat_id, buyer_country, supplier_id, tax_exclusive, tax_total, payable, canonical, 1, received_at, validated_at, finalized_at,
        coalesce(finalized_at, validated_at)
      FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, integration_id uuid, format text, status text, invoice_number text, issue_date date, due_date date,
        currency char(3), seller_name text, seller_vat_id text, seller_country char(2), buyer_vat_id text, buyer_country char(2), supplier_id uuid,
        tax_exclusive numeric, tax_total numeric, payable numeric, canonical jsonb, received_at timestamptz, validated_at timestamptz, finalized_at timestamptz)`,
        [JSON.stringify(b.invoices)],
      );
      if (b.exceptions.length) {
        await em.query(
          `INSERT INTO exceptions (id, invoice_id, route_key, queue_key, category, country, supplier_id, amount, currency, status, priority, assignee_id,
          claimed_at, first_claimed_at, last_activity_at, decision, decision_reason, resolved_by, resolved_at, sla_started_at, sla_warn_at, sla_due_at, sla_warned_at,
          sla_breached_at, escalated_at, handle_seconds, created_at, updated_at, validation_run)
        SELECT id, invoice_id, route_key, queue_key, category, country, supplier_id, amount, currency, status, priority, assignee_id, claimed_at,
          first_claimed_at, last_activity_at, decision, decision_reason, resolved_by, resolved_at, sla_started_at, sla_warn_at, sla_due_at, sla_warned_at,
          sla_breached_at, escalated_at, handle_seconds, created_at, coalesce(resolved_at, last_activity_at, created_at), 1
        FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, invoice_id uuid, route_key text, queue_key text, category text, country char(2), supplier_id uuid,
          amount numeric, currency char(3), status text, priority numeric, assignee_id uuid, claimed_at timestamptz, first_claimed_at timestamptz,
          last_activity_at timestamptz, decision text, decision_reason text, resolved_by uuid, resolved_at timestamptz, sla_started_at timestamptz,
          sla_warn_at timestamptz, sla_due_at timestamptz, sla_warned_at timestamptz, sla_breached_at timestamptz, escalated_at timestamptz, handle_seconds numeric,
          created_at timestamptz)`,
          [JSON.stringify(b.exceptions)],
        );
      }
      if (b.findings.length) {
        await em.query(
          `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, expected, actual, hint, route_key, created_at)
        SELECT invoice_id, exception_id, 1, rule_id, severity, category, field_path, message, expected, actual, hint, route_key, created_at
        FROM jsonb_to_recordset($1::jsonb) AS x(invoice_id uuid, exception_id uuid, rule_id text, severity text, category text, field_path text, message text,
          expected text, actual text, hint text, route_key text, created_at timestamptz)`,
          [JSON.stringify(b.findings)],
        );
      }
      if (b.periods.length) {
        await em.query(
          `INSERT INTO exception_work_periods (exception_id, reviewer_id, started_at, ended_at)
        SELECT exception_id, reviewer_id, started_at, ended_at FROM jsonb_to_recordset($1::jsonb) AS x(exception_id uuid, reviewer_id uuid, started_at timestamptz, ended_at timestamptz)`,
          [JSON.stringify(b.periods)],
        );
      }
    });
  }

  /** What the database holds after a run. */
  async totals(): Promise<{ invoices: number; exceptions: number; open: number }> {
    const [t] = await this.ds
      .query(`SELECT (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM exceptions)::int AS exceptions,
      (SELECT count(*) FROM exceptions WHERE resolved_at IS NULL)::int AS open`);
    return t;
  }
}
