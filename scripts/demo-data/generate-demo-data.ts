import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '@app/config';
import { MetricsRollupService } from '@app/metrics';
import { analyzeTables, runMigrations, typeOrmOptions } from '@app/persistence';
import { DemoRandom } from './demo-random';
import { DemoSimulation } from './demo-simulation';
import { writeBatch } from './demo-writer';
import { makeReviewers, makeSuppliers } from './demo-world';
import {
  ensureBuyingEntities,
  ensureDemoIntegration,
  ensureQueues,
  ensureStaff,
  ensureSuppliers,
  resetDemoData,
} from './demo-master-data';
import { DemoDataRepository } from './repositories/demo-data.repository';

/**
 * Fills the database with a realistic stretch of work: invoices across the ten buying entities,
 * suppliers with their error habits, reviewers with skills and time zones resolving over time.
 *
 *   node scripts/demo-data/ts-run.mjs scripts/demo-data/generate-demo-data.ts [--invoices 30000] [--days 30]
 *     [--suppliers-per-country 40] [--reviewers 24] [--seed 42] [--reset]
 *
 * Uses DATABASE_URL / DATABASE_SCHEMA like the apps; passwords from DEMO_REVIEWER_PASSWORD and
 * DEMO_MANAGER_PASSWORD (defaults printed at the end).
 */
export interface Options {
  invoices: number;
  days: number;
  suppliersPerCountry: number;
  reviewers: number;
  seed: number;
  reset: boolean;
  batch: number;
  quiet: boolean;
}

export function parseArgs(argv: string[]): Options {
  const o: Options = {
    invoices: 30_000,
    days: 30,
    suppliersPerCountry: 40,
    reviewers: 24,
    seed: 42,
    reset: false,
    batch: 2_000,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reset') o.reset = true;
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--help') {
      console.log(
        'options: --invoices N --days N --suppliers-per-country N --reviewers N --seed N --batch N --reset --quiet',
      );
      process.exit(0);
    } else {
      const key = a.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof Options;
      const v = Number(argv[++i]);
      if (!(key in o) || typeof o[key] !== 'number' || !Number.isFinite(v) || v < 0)
        throw new Error(`bad option ${a} ${argv[i] ?? ''}`);
      (o as unknown as Record<string, number>)[key] = v;
    }
  }
  return o;
}

export async function generateDemoData(opts: Options): Promise<void> {
  const env = validateEnvironment(process.env);
  const ds = new DataSource(typeOrmOptions({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolSize: 4 }));
  await ds.initialize();
  try {
    await runMigrations(ds);
    if (opts.reset) await resetDemoData(ds);
    const rnd = new DemoRandom(opts.seed);
    const passwords = {
      reviewer: process.env.DEMO_REVIEWER_PASSWORD || 'reviewer-password',
      manager: process.env.DEMO_MANAGER_PASSWORD || 'manager-password',
    };
    const integrationId = await ensureDemoIntegration(ds);
    await ensureBuyingEntities(ds);
    await ensureQueues(ds);
    const suppliers = makeSuppliers(rnd, opts.suppliersPerCountry);
    await ensureSuppliers(ds, suppliers);
    const reviewers = makeReviewers(rnd, opts.reviewers);
    await ensureStaff(ds, reviewers, passwords);

    const now = Date.now();
    const sim = new DemoSimulation(rnd, suppliers, reviewers, integrationId, now - opts.days * 86_400_000, now);
    const bar = new SingleBar(
      {
        format: 'invoices  [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left',
        hideCursor: true,
        noTTYOutput: !opts.quiet,
      },
      Presets.shades_classic,
    );
    bar.start(opts.invoices, 0);
    const started = Date.now();
    const queuesMade = new Set<string>();
    for (let done = 0; done < opts.invoices;) {
      const size = Math.min(opts.batch, opts.invoices - done);
      const batch = sim.batch(size);
      const newQueues = [...sim.queueKeys].filter((k) => !queuesMade.has(k));
      if (newQueues.length) await ensureQueues(ds, newQueues, false);
      newQueues.forEach((k) => queuesMade.add(k));
      await writeBatch(ds, batch);
      done += size;
      bar.update(done);
    }
    bar.stop();
    const writeSeconds = (Date.now() - started) / 1000;

    const rollBar = new SingleBar(
      { format: 'roll-ups  [{bar}] {percentage}% | {value}/{total} days', hideCursor: true, noTTYOutput: !opts.quiet },
      Presets.shades_classic,
    );
    rollBar.start(1, 0);
    const rolled = await new MetricsRollupService(ds).rebuild((d, total) => {
      rollBar.setTotal(total);
      rollBar.update(d);
    });
    rollBar.stop();
    await analyzeTables(ds);

    const t = await new DemoDataRepository(ds).totals();
    console.log(
      `\nwrote ${opts.invoices} invoices in ${writeSeconds.toFixed(1)} s (${Math.round(opts.invoices / writeSeconds)}/s); roll-ups ${rolled.days} day(s) in ${(rolled.ms / 1000).toFixed(1)} s`,
    );
    console.log(
      `database now holds ${t.invoices} invoices, ${t.exceptions} exceptions (${t.open} unresolved) in schema "${env.DATABASE_SCHEMA}"`,
    );
    if (!process.env.SEED_QUIET)
      console.log(
        `sign in: manager@example.com / ${passwords.manager}   reviewers: reviewer1..${opts.reviewers}@example.com / ${passwords.reviewer}`,
      );
  } finally {
    await ds.destroy();
  }
}

// Run as a command only (the benchmark imports generateDemoData from a bundle of its own).
if (process.argv[1]?.includes('generate-demo-data')) {
  generateDemoData(parseArgs(process.argv.slice(2))).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
