import { createHash, randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { DEFAULT_QUEUE_KEYS, defaultQueueSettings, ensureQueue } from '@app/triage';
import { COUNTRIES, LANGUAGE } from './demo-profiles';
import { buyerVatIdOf, DemoReviewer, DemoSupplier, timeZoneOf } from './demo-world';

/** The integration demo invoices belong to (created once). */
export async function ensureDemoIntegration(ds: DataSource): Promise<string> {
  const [found] = await ds.query(`SELECT id FROM integrations WHERE name = 'demo data generator' LIMIT 1`);
  if (found) return found.id;
  const [row] = await ds.query(
    `INSERT INTO integrations (name, key_prefix, key_hash) VALUES ('demo data generator', 'demo', $1) RETURNING id`,
    [createHash('sha256').update(randomBytes(32)).digest('hex')],
  );
  return row.id;
}

export async function ensureBuyingEntities(ds: DataSource): Promise<void> {
  for (const c of COUNTRIES) {
    await ds.query(
      `INSERT INTO buying_entities (country_code, name, vat_id, time_zone) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [c, `Our entity ${c}`, buyerVatIdOf(c), timeZoneOf(c)],
    );
  }
}

/** The default queues, plus any queue (key|category) the simulated exceptions use. */
export async function ensureQueues(ds: DataSource, used: Iterable<string> = [], defaults = true): Promise<void> {
  if (defaults) for (const key of DEFAULT_QUEUE_KEYS) await ensureQueue(ds, defaultQueueSettings(key));
  for (const entry of used) {
    const [key, category] = entry.split('|');
    await ensureQueue(ds, defaultQueueSettings(key, category));
  }
}

export async function ensureSuppliers(ds: DataSource, suppliers: DemoSupplier[]): Promise<void> {
  await ds.query(
    `INSERT INTO suppliers (name, vat_id, country_code, currency, language, payment_terms_days, requires_po)
    SELECT name, vat_id, country_code, currency, language, 30, requires_po FROM jsonb_to_recordset($1::jsonb)
      AS x(name text, vat_id text, country_code char(2), currency char(3), language text, requires_po boolean)
    ON CONFLICT (vat_id) DO NOTHING`,
    [
      JSON.stringify(
        suppliers.map((s) => ({
          name: s.name,
          vat_id: s.vatId,
          country_code: s.country,
          currency: s.currency,
          language: LANGUAGE[s.country],
          requires_po: false,
        })),
      ),
    ],
  );
  const rows: { id: string; vat_id: string }[] = await ds.query(
    `SELECT id, vat_id FROM suppliers WHERE vat_id = ANY($1)`,
    [suppliers.map((s) => s.vatId)],
  );
  const ids = new Map(rows.map((r) => [r.vat_id, r.id]));
  for (const s of suppliers) s.id = ids.get(s.vatId);
  await ds.query(
    `INSERT INTO supplier_bank_accounts (supplier_id, iban) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING`,
    [suppliers.map((s) => s.id), suppliers.map((s) => s.iban)],
  );
}

/** Staff users with reviewer profiles (existing e-mail addresses are reused, not duplicated). */
export async function ensureStaff(
  ds: DataSource,
  reviewers: DemoReviewer[],
  passwords: { reviewer: string; manager: string },
): Promise<void> {
  const reviewerHash = await argon2.hash(passwords.reviewer, { type: argon2.argon2id });
  for (const r of reviewers) {
    await ds.query(
      `INSERT INTO staff_users (email, name, password_hash, role) VALUES ($1, $2, $3, 'reviewer') ON CONFLICT (email) DO NOTHING`,
      [r.email, r.name, reviewerHash],
    );
    const [u] = await ds.query(`SELECT id FROM staff_users WHERE email = $1`, [r.email]);
    r.id = u.id;
    await ds.query(
      `INSERT INTO reviewers (id, display_name, countries, languages, categories, capacity, availability, time_zone, weekly_goal)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (id) DO UPDATE SET countries = EXCLUDED.countries, capacity = EXCLUDED.capacity, availability = EXCLUDED.availability,
        time_zone = EXCLUDED.time_zone, weekly_goal = EXCLUDED.weekly_goal`,
      [
        r.id,
        r.name,
        r.countries,
        r.languages,
        ['regulatory', 'data-quality', 'supplier', 'purchase-order', 'duplicate'],
        r.capacity,
        r.availability,
        r.timeZone,
        r.weeklyGoal,
      ],
    );
  }
  // The manager of the seed (same address, same password variable): one set of demo accounts.
  await ds.query(
    `INSERT INTO staff_users (email, name, password_hash, role) VALUES ('manager@example.com', 'Max Manager', $1, 'manager') ON CONFLICT (email) DO NOTHING`,
    [await argon2.hash(passwords.manager, { type: argon2.argon2id })],
  );
}

/** Removes earlier generated invoices and everything hanging off them. */
export async function resetDemoData(ds: DataSource): Promise<void> {
  await ds.query(
    `DELETE FROM exception_work_periods w USING exceptions e, invoices i WHERE w.exception_id = e.id AND e.invoice_id = i.id AND i.source = 'demo'`,
  );
  await ds.query(
    `DELETE FROM exception_comments c USING exceptions e, invoices i WHERE c.exception_id = e.id AND e.invoice_id = i.id AND i.source = 'demo'`,
  );
  await ds.query(`DELETE FROM findings f USING invoices i WHERE f.invoice_id = i.id AND i.source = 'demo'`);
  await ds.query(`DELETE FROM exceptions e USING invoices i WHERE e.invoice_id = i.id AND i.source = 'demo'`);
  await ds.query(`DELETE FROM invoices WHERE source = 'demo'`);
}
