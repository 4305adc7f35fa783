import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import {
  createIntegration,
  createStaffUser,
  createTestEnvironment,
  registerSampleSupplier,
  sampleInvoice,
  TestEnvironment,
  waitFor,
} from '@app/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import {
  CHROMIUM,
  hasChromium,
  holdGate,
  launchChromium,
  prepareBrowserRun,
  shot,
  signIn as signInAt,
} from './browser.harness';

if (!hasChromium)
  console.warn(
    `browser tests skipped: no Chromium at ${CHROMIUM} (install the "chromium" package or set CHROMIUM_PATH)`,
  );

(hasChromium ? describe : describe.skip)('reviewer workbench and manager dashboard in a browser', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let browser: Browser;
  let base: string;
  let reviewer: { email: string; password: string; id: string };
  let manager: { email: string; password: string };
  let exceptionId: string;
  let expected: { fieldPath: string; expected: string };

  const signIn = (page: Page, who: { email: string; password: string }) => signInAt(page, base, who);

  beforeAll(async () => {
    prepareBrowserRun();
    env = await createTestEnvironment('browser');
    app = await createApiApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    const key = (await createIntegration(ds, 'erp')).apiKey;
    await registerSampleSupplier(ds);
    reviewer = await createStaffUser(ds, {
      role: 'reviewer',
      name: 'Riikka Reviewer',
      reviewer: {
        countries: ['FI'],
        languages: ['fi', 'en'],
        categories: ['regulatory', 'data-quality', 'supplier', 'purchase-order', 'duplicate', 'syntax'],
        capacity: 5,
        weeklyGoal: 4,
      },
    });
    manager = await createStaffUser(ds, { role: 'manager', name: 'Maija Manager' });

    // An invoice whose VAT total does not add up: one blocking finding on a field the reviewer can correct.
    const invoice = sampleInvoice();
    invoice.totals.taxTotal = '250.00';
    const res = await fetch(`${base}/v1/invoices`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify(invoice),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const ex = await waitFor(
      async () => (await ds.query(`SELECT id FROM exceptions WHERE invoice_id = $1`, [id]))[0],
      20000,
    );
    exceptionId = ex.id;
    // Correcting the VAT total to the sum of the breakdown makes the whole invoice consistent again (re-validation passes).
    const [f] = await ds.query(
      `SELECT field_path, expected FROM findings WHERE exception_id = $1 AND severity = 'blocking' AND field_path = 'totals.taxTotal'`,
      [exceptionId],
    );
    expected = { fieldPath: f.field_path, expected: f.expected };
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
    await env?.cleanup();
  });

  it('a reviewer takes the next item, sees the highlighted field, corrects it and resolves', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, reviewer);
    await page.waitForURL('**/workbench');
    await page.click('text=Next item');
    const flagged = page.locator(`.field--flagged[data-path="${expected.fieldPath}"]`);
    await flagged.waitFor({ timeout: 15000 });
    await page.locator('.finding').first().waitFor();
    expect(await page.locator('.finding .hint').count()).toBeGreaterThan(0);
    await shot(page, '01-workbench-flagged-field');

    await page.fill(`[data-correct="${expected.fieldPath}"]`, expected.expected);
    await page.fill('textarea[name=reason]', 'VAT total recomputed from the breakdown');
    await shot(page, '02-workbench-corrected');
    await page.click('text=Correct & resolve');
    await page.locator('[data-testid=exception-status]', { hasText: 'resolved' }).waitFor({ timeout: 15000 });
    await shot(page, '03-workbench-resolved');
    const [row] = await ds.query(`SELECT status, decision, resolved_by FROM exceptions WHERE id = $1`, [exceptionId]);
    expect(row).toEqual({ status: 'resolved', decision: 'correct', resolved_by: reviewer.id });
    expect(expected).toEqual({ fieldPath: 'totals.taxTotal', expected: '255.00' });
    // The corrected invoice is validated again and, now consistent, leaves review.
    await waitFor(
      async () =>
        (
          await ds.query(`SELECT i.status FROM invoices i JOIN exceptions e ON e.invoice_id = i.id WHERE e.id = $1`, [
            exceptionId,
          ])
        )[0]?.status === 'ready',
      20000,
    );
    const [still] = await ds.query(`SELECT status FROM exceptions WHERE id = $1`, [exceptionId]);
    expect(still.status).toBe('resolved');
    await page.close();
  }, 60_000);

  it('a manager sees the resolution in the dashboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
    await signIn(page, manager);
    await page.waitForURL('**/dashboard');
    await page.locator('[data-testid=kpi-resolved] strong', { hasText: '1' }).waitFor({ timeout: 15000 });
    const row = page.locator('[data-testid=reviewer-table] tr', { hasText: 'Riikka Reviewer' });
    await row.waitFor();
    // Resolved today = 1, and 1 of a weekly goal of 4.
    expect(await row.locator('td').nth(4).textContent()).toBe('1');
    expect(await row.locator('td').nth(5).textContent()).toBe('1 / 4');
    await page.locator('[data-testid=throughput-chart]').waitFor();
    await shot(page, '04-dashboard');
    await page.close();
  }, 60_000);

  it('the re-check of a correction never replaces the item the reviewer opened meanwhile', async () => {
    // Two more invoices whose VAT total does not add up, both held by the reviewer.
    const key = (await createIntegration(ds, 'erp-2')).apiKey;
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const invoice = sampleInvoice({ invoiceNumber: `RECHECK-${n}` });
      invoice.totals.taxTotal = '250.00';
      const res = await fetch(`${base}/v1/invoices`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify(invoice),
      });
      const { id } = (await res.json()) as { id: string };
      ids.push(
        (await waitFor(async () => (await ds.query(`SELECT id FROM exceptions WHERE invoice_id = $1`, [id]))[0], 20000))
          .id,
      );
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, reviewer);
    await page.waitForURL('**/workbench');
    const held = async (): Promise<number> =>
      (
        await ds.query(`SELECT count(*)::int AS n FROM exceptions WHERE id = ANY($1) AND assignee_id = $2`, [
          ids,
          reviewer.id,
        ])
      )[0].n;
    for (let i = 0; i < 2; i++) if ((await held()) < 2) await page.click('text=Next item');
    await waitFor(async () => (await held()) === 2, 20000);
    await page.goto(`${base}/workbench?id=${ids[0]}`);
    await page.locator(`header.detail-head[data-exception-id="${ids[0]}"]`).waitFor();
    await page.locator(`ul.items li[data-id="${ids[1]}"]`).waitFor();
    // The re-check's first look at the corrected item is held until the reviewer has opened the other one.
    let resolved = false;
    let looks = 0;
    const gate = holdGate();
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === `/v1/exceptions/${ids[0]}/resolve`) resolved = true;
    });
    await page.route(
      (u) => u.pathname === `/v1/exceptions/${ids[0]}`,
      async (route) => {
        if (resolved && ++looks === 2) await gate.hold();
        await route.continue();
      },
    );
    await page.fill(`[data-correct="${expected.fieldPath}"]`, expected.expected);
    await page.fill('textarea[name=reason]', 'VAT total recomputed from the breakdown');
    await page.click('text=Correct & resolve');
    await gate.held;
    await page.click(`ul.items li[data-id="${ids[1]}"]`);
    await page.locator(`header.detail-head[data-exception-id="${ids[1]}"]`).waitFor();
    gate.release();
    // The re-check ends (a second validation run with its verdict), and the page has looked again since.
    await waitFor(async () => {
      const [inv] = await ds.query(
        `SELECT i.status, i.validation_runs FROM invoices i JOIN exceptions e ON e.invoice_id = i.id WHERE e.id = $1`,
        [ids[0]],
      );
      return inv.validation_runs >= 2 && !['received', 'validating'].includes(inv.status);
    }, 20000);
    await page.waitForTimeout(2000);
    expect(await page.locator('header.detail-head').getAttribute('data-exception-id')).toBe(ids[1]);
    await page.close();
  }, 90_000);
});
