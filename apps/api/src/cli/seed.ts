import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { argon2Options, validateEnvironment } from '@app/config';
import { byCountry } from '@app/domain';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { COUNTRY_TIME_ZONES, ensureDefaultQueues, ensurePublicHolidays } from '@app/triage';
import { hashApiKey } from '../modules/auth/api-key';
import { BUYING_ENTITY_VAT_IDS, DEMO_COUNTRIES, demoIban, demoVatId } from './demo-identities';
import { DemoSeedRepository } from './demo-seed.repository';

const ENTITY_NAMES: Record<string, string> = {
  EE: 'Nordbalt Group Eesti OÜ',
  FI: 'Nordbalt Group Finland Oy',
  SE: 'Nordbalt Group Sverige AB',
  NO: 'Nordbalt Group Norge AS',
  DK: 'Nordbalt Group Danmark ApS',
  LV: 'Nordbalt Group Latvija SIA',
  LT: 'Nordbalt Group Lietuva UAB',
  PL: 'Nordbalt Group Polska sp. z o.o.',
  DE: 'Nordbalt Group Deutschland GmbH',
  NL: 'Nordbalt Group Nederland B.V.',
};
const LANGUAGES: Record<string, string> = byCountry((c) => c.language);

/**
 * Demo data for a first start: an integration key, staff users, the ten buying entities, suppliers with
 * bank accounts and purchase orders, and the default review queues. Safe to run again (upserts).
 */
export async function seed(ds: DataSource, opts: { quiet?: boolean } = {}) {
  // The seed sets known passwords and a demo key directly: local machines only.
  if (process.env.NODE_ENV === 'production')
    throw new Error('the demo seed sets demo passwords and keys and never runs with NODE_ENV=production');
  const apiKey = process.env.DEMO_API_KEY || `itk_demo_${randomBytes(18).toString('base64url')}`;
  const adminEmail = process.env.DEMO_ADMIN_EMAIL || 'admin@example.com';
  const adminPassword = process.env.DEMO_ADMIN_PASSWORD || randomBytes(9).toString('base64url');
  const reviewerPassword = process.env.DEMO_REVIEWER_PASSWORD || randomBytes(9).toString('base64url');
  const managerPassword = process.env.DEMO_MANAGER_PASSWORD || randomBytes(9).toString('base64url');
  const repo = new DemoSeedRepository();
  const out = await ds.transaction(async (em) => {
    await repo.addDemoIntegration(em, hashApiKey(apiKey));
    const adminHash = await argon2.hash(adminPassword, argon2Options());
    const reviewerHash = await argon2.hash(reviewerPassword, argon2Options());
    await repo.upsertUser(em, adminEmail, 'Ada Admin', 'admin', adminHash);
    const managerEmail = 'manager@example.com';
    await repo.upsertUser(em, managerEmail, 'Max Manager', 'manager', await argon2.hash(managerPassword));
    const reviewers: string[] = [];
    for (const c of DEMO_COUNTRIES) {
      const email = `reviewer.${c.toLowerCase()}@example.com`;
      const id = await repo.upsertUser(em, email, `Reviewer ${c}`, 'reviewer', reviewerHash);
      await repo.addReviewer(em, {
        id,
        name: `Reviewer ${c}`,
        countries: [c],
        languages: [LANGUAGES[c], 'en'],
        categories: ['regulatory', 'data-quality', 'supplier'],
        timeZone: COUNTRY_TIME_ZONES[c],
        weeklyGoal: 40,
      });
      reviewers.push(email);
    }
    const supplierDesk = await repo.upsertUser(
      em,
      'supplier.desk@example.com',
      'Supplier Desk',
      'reviewer',
      reviewerHash,
    );
    await repo.addReviewer(em, {
      id: supplierDesk,
      name: 'Supplier Desk',
      countries: [...DEMO_COUNTRIES],
      languages: ['en'],
      categories: ['supplier', 'data-quality'],
      timeZone: 'Europe/Helsinki',
      weeklyGoal: 60,
    });
    reviewers.push('supplier.desk@example.com');

    for (const c of DEMO_COUNTRIES) {
      // A second run also repairs a VAT id an earlier seed generated (some failed the checksum rule).
      await repo.upsertBuyingEntity(em, c, ENTITY_NAMES[c], BUYING_ENTITY_VAT_IDS[c], COUNTRY_TIME_ZONES[c]);
    }
    // The supplier of the README example, so that a first curl is touchless.
    await repo.upsertSupplier(em, {
      name: 'Acme Oy',
      vatId: 'FI02089088',
      country: 'FI',
      iban: 'FI2112345600000785',
      requiresPo: false,
      terms: 30,
      currency: 'EUR',
      language: LANGUAGES.FI ?? 'en',
    });
    if ((await repo.countSuppliers(em)) < 20) {
      const kinds = ['Logistics', 'Office Supplies', 'IT Services', 'Facilities'];
      for (const c of DEMO_COUNTRIES) {
        for (const kind of kinds.slice(0, 3)) {
          const id = await repo.upsertSupplier(em, {
            name: `${c} ${kind} ${randomBytes(2).toString('hex').toUpperCase()}`,
            vatId: demoVatId(c),
            country: c,
            iban: demoIban(c),
            requiresPo: kind !== 'Facilities' && kind !== 'IT Services',
            terms: kind === 'Logistics' ? 14 : 30,
            currency: c === 'SE' ? 'SEK' : c === 'NO' ? 'NOK' : c === 'DK' ? 'DKK' : c === 'PL' ? 'PLN' : 'EUR',
            language: LANGUAGES[c] ?? 'en',
          });
          if (kind !== 'Facilities')
            await repo.addPurchaseOrder(em, `PO-${c}-${randomBytes(3).toString('hex').toUpperCase()}`, id, c);
        }
      }
    }
    await ensureDefaultQueues(em);
    await ensurePublicHolidays(em, new Date());
    return { reviewers, managerEmail };
  });
  const credentials = {
    apiKey,
    adminEmail,
    adminPassword,
    managerEmail: out.managerEmail,
    managerPassword,
    reviewerEmails: out.reviewers,
    reviewerPassword,
  };
  if (!opts.quiet) {
    console.log('Seeded demo data. Credentials (shown once; set DEMO_* variables to fix them):');
    console.log(`  X-Api-Key:          ${apiKey}`);
    console.log(`  admin:              ${adminEmail} / ${adminPassword}`);
    console.log(`  manager:            ${out.managerEmail} / ${managerPassword}`);
    console.log(`  reviewers:          ${out.reviewers.join(', ')} / ${reviewerPassword}`);
  }
  return credentials;
}

async function main() {
  const cfg = validateEnvironment(process.env);
  const ds = new DataSource(typeOrmOptions({ url: cfg.DATABASE_URL, schema: cfg.DATABASE_SCHEMA, poolSize: 2 }));
  await ds.initialize();
  try {
    await runMigrations(ds);
    await seed(ds, { quiet: process.env.SEED_QUIET === '1' }); // start-local.sh prints the accounts itself, once
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`Seed failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
