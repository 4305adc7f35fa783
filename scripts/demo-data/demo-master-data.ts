import { createHash, randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { DEFAULT_QUEUE_KEYS, defaultQueueSettings, ensureQueue } from '@app/triage';
import { COUNTRIES, LANGUAGE } from './demo-profiles';
import { buyerVatIdOf, DemoReviewer, DemoSupplier, timeZoneOf } from './demo-world';
import { DemoDataRepository } from './repositories/demo-data.repository';

/** The integration demo invoices belong to (created once). */
export async function ensureDemoIntegration(ds: DataSource): Promise<string> {
  const repo = new DemoDataRepository(ds);
  return (
    (await repo.integrationId()) ??
    (await repo.addIntegration(createHash('sha256').update(randomBytes(32)).digest('hex')))
  );
}

export async function ensureBuyingEntities(ds: DataSource): Promise<void> {
  const repo = new DemoDataRepository(ds);
  for (const c of COUNTRIES) await repo.addBuyingEntity(c, `Our entity ${c}`, buyerVatIdOf(c), timeZoneOf(c));
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
  const repo = new DemoDataRepository(ds);
  await repo.addSuppliers(
    suppliers.map((s) => ({
      name: s.name,
      vat_id: s.vatId,
      country_code: s.country,
      currency: s.currency,
      language: LANGUAGE[s.country],
      requires_po: false,
    })),
  );
  const rows = await repo.supplierIds(suppliers.map((s) => s.vatId));
  const ids = new Map(rows.map((r) => [r.vat_id, r.id]));
  for (const s of suppliers) s.id = ids.get(s.vatId);
  await repo.addBankAccounts(
    suppliers.map((s) => s.id),
    suppliers.map((s) => s.iban),
  );
}

/** Staff users with reviewer profiles (existing e-mail addresses are reused, not duplicated). */
export async function ensureStaff(
  ds: DataSource,
  reviewers: DemoReviewer[],
  passwords: { reviewer: string; manager: string },
): Promise<void> {
  const repo = new DemoDataRepository(ds);
  const reviewerHash = await argon2.hash(passwords.reviewer, { type: argon2.argon2id });
  for (const r of reviewers) {
    const id = await repo.ensureReviewerAccount(r.email, r.name, reviewerHash);
    r.id = id;
    await repo.upsertReviewer({
      id,
      name: r.name,
      countries: r.countries,
      languages: r.languages,
      categories: ['regulatory', 'data-quality', 'supplier', 'purchase-order', 'duplicate'],
      capacity: r.capacity,
      availability: r.availability,
      timeZone: r.timeZone,
      weeklyGoal: r.weeklyGoal,
    });
  }
  // The manager of the seed (same address, same password variable): one set of demo accounts.
  await repo.ensureManager(await argon2.hash(passwords.manager, { type: argon2.argon2id }));
}

/** Removes earlier generated invoices and everything hanging off them. */
export async function resetDemoData(ds: DataSource): Promise<void> {
  await new DemoDataRepository(ds).deleteGenerated();
}
