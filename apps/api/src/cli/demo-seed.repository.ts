import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface DemoSupplier {
  name: string;
  vatId: string;
  country: string;
  iban: string;
  requiresPo: boolean;
  terms: number;
  currency: string;
  language: string;
}

export interface DemoReviewer {
  id: string;
  name: string;
  countries: string[];
  languages: string[];
  categories: string[];
  timeZone: string;
  weeklyGoal: number;
}

/**
 * The SQL of the demo seed: upserts only, so the seed runs again safely (in the caller's transaction).
 * Local machines only: it sets known passwords and a demo key directly.
 */
@Injectable()
export class DemoSeedRepository {
  async addDemoIntegration(em: EntityManager, keyHash: string): Promise<void> {
    await em.query(
      `INSERT INTO integrations (name, key_prefix, key_hash) VALUES ('Demo ERP', 'demo', $1) ON CONFLICT (key_hash) DO NOTHING`,
      [keyHash],
    );
  }

  /** A staff user with the given password hash and role (both reset on a second run); returns the id. */
  async upsertUser(em: EntityManager, email: string, name: string, role: string, hash: string): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO staff_users (email, name, password_hash, role) VALUES ($1,$2,$3,$4)
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role RETURNING id`,
      [email, name, hash, role],
    );
    return row.id;
  }

  /** The reviewer profile of a staff user (an existing one is kept as it is). */
  async addReviewer(em: EntityManager, r: DemoReviewer): Promise<void> {
    await em.query(
      `INSERT INTO reviewers (id, display_name, countries, languages, categories, capacity, availability, time_zone, weekly_goal, home_country)
     VALUES ($1,$2,$3,$4,$5,15,'online',$6,$7,$8) ON CONFLICT (id) DO NOTHING`,
      [r.id, r.name, r.countries, r.languages, r.categories, r.timeZone, r.weeklyGoal, r.countries[0] ?? null],
    );
  }

  /** A buying entity per country; a second run repairs its VAT id. */
  async upsertBuyingEntity(em: EntityManager, country: string, name: string, vatId: string, timeZone: string) {
    await em.query(
      `INSERT INTO buying_entities (country_code, name, vat_id, time_zone) VALUES ($1,$2,$3,$4)
        ON CONFLICT (country_code) DO UPDATE SET vat_id = EXCLUDED.vat_id`,
      [country, name, vatId, timeZone],
    );
  }

  /** A supplier (kept as it is when its VAT id is on file) and its bank account; returns the supplier's id. */
  async upsertSupplier(em: EntityManager, s: DemoSupplier): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO suppliers (name, vat_id, country_code, requires_po, payment_terms_days, currency, language) VALUES ($1,$2,$3,$4,$5,$6,$7)
     ON CONFLICT (vat_id) DO UPDATE SET updated_at = suppliers.updated_at RETURNING id`,
      [s.name, s.vatId, s.country, s.requiresPo, s.terms, s.currency, s.language],
    );
    await em.query(`INSERT INTO supplier_bank_accounts (supplier_id, iban) VALUES ($1,$2) ON CONFLICT DO NOTHING`, [
      row.id,
      s.iban,
    ]);
    return row.id;
  }

  async countSuppliers(em: EntityManager): Promise<number> {
    const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM suppliers`);
    return n;
  }

  /** A one-line purchase order of the supplier in its currency (nothing when the number is taken). */
  async addPurchaseOrder(em: EntityManager, number: string, supplierId: string, buyerCountry: string): Promise<void> {
    await em.query(
      `WITH po AS (INSERT INTO purchase_orders (number, supplier_id, currency, buyer_country) SELECT $1, id, currency, $3 FROM suppliers WHERE id = $2 ON CONFLICT (number) DO NOTHING RETURNING id)
               INSERT INTO purchase_order_lines (purchase_order_id, line_number, description, quantity, unit_price) SELECT id, '1', 'Monthly service', 10, 100.00 FROM po`,
      [number, supplierId, buyerCountry],
    );
  }
}
