import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment, waitFor } from '@app/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createDecisionCases, DecisionCases } from '../decision-context.fixtures';
import { hasChromium, launchChromium, prepareBrowserRun, shot, signIn as signInAt } from './browser.harness';

/** The reviewer decides in one screen: the context of each kind of exception, reason codes, corrections recomputed, the re-check told honestly. */
(hasChromium ? describe : describe.skip)('workbench: decision context by kind (browser)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let browser: Browser;
  let base: string;
  let reviewer: { email: string; password: string; id: string };
  let cases: DecisionCases;

  const signIn = async (page: Page) => {
    await signInAt(page, base, reviewer);
    await page.waitForURL('**/workbench');
  };
  const openItem = async (page: Page, id: string, panel: string) => {
    await page.goto(`${base}/workbench?id=${id}`);
    await page.locator(`[data-testid=${panel}]`).waitFor({ timeout: 15000 });
    if (await page.locator('.buttons >> text=Claim').count()) {
      await page.click('.buttons >> text=Claim');
      await page.locator('text=Correct & resolve').waitFor();
    }
  };

  beforeAll(async () => {
    prepareBrowserRun();
    env = await createTestEnvironment('browser-context');
    app = await createApiApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    const apiKey = (await createIntegration(ds, 'erp')).apiKey;
    const manager = await createStaffUser(ds, { role: 'manager', name: 'Maija Manager' });
    const token = (
      await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: manager.email, password: manager.password },
      })
    ).json().accessToken;
    // Off duty, so nothing is pushed to the reviewer: each item is opened and claimed in the test.
    reviewer = await createStaffUser(ds, {
      role: 'reviewer',
      name: 'Riikka Reviewer',
      reviewer: {
        countries: ['FI'],
        categories: ['regulatory', 'data-quality', 'supplier'],
        capacity: 10,
        availability: 'off',
      },
    });
    cases = await createDecisionCases(app, ds, apiKey, token);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await app?.close();
    await env?.cleanup();
  });

  it('PO price variance: the 3-way match shows the variance over tolerance; approved with a reason code', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await signIn(page);
    await openItem(page, cases.po, 'po-match');
    const variance = page.locator('[data-testid=po-match] td[data-testid=price-variance]');
    expect(await variance.getAttribute('class')).toContain('bad');
    expect(await variance.textContent()).toMatch(/^\+11[.,]1/);
    expect(await page.locator('[data-testid=po-match] h3').textContent()).toContain('3-way match');
    // Rule text from the catalogue, not only the id; SLA and priority shown and explained.
    await page
      .locator('.finding[data-rule=PO-PRICE] strong', { hasText: 'Unit price differs from the purchase order line' })
      .waitFor();
    await page.locator('[data-testid=sla-badge]').waitFor();
    expect(await page.locator('[data-testid=priority-why]').textContent()).toContain('amount');
    await shot(page, 'workbench-po-price-variance');
    await page.uncheck('input[name=andNext]');
    await page.selectOption('select[name=reasonCode]', 'price-agreed-by-buyer');
    await page.click('.buttons >> text=Approve');
    await page.locator('[data-testid=exception-status][data-status=resolved]').waitFor();
    const [row] = await ds.query(
      `SELECT status, decision, decision_reason, decision_reason_code FROM exceptions WHERE id = $1`,
      [cases.po],
    );
    expect(row).toEqual({
      status: 'resolved',
      decision: 'approve',
      decision_reason: 'Price agreed by buyer',
      decision_reason_code: 'price-agreed-by-buyer',
    });
    await page.locator('[data-testid=history] li', { hasText: 'Riikka Reviewer resolved: Approved' }).waitFor();
    await page.close();
  }, 60_000);

  it('near duplicate: the earlier invoice side by side with the differences highlighted', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await signIn(page);
    await openItem(page, cases.duplicate, 'duplicate-compare');
    const differing = await page.locator('[data-testid=duplicate-compare] tr.differs td:first-child').allTextContents();
    expect(differing).toEqual(['invoice number', 'issue date']);
    await shot(page, 'workbench-duplicate');
    await page.close();
  }, 60_000);

  it('bank account: the supplier record with accounts on file and their change history', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await signIn(page);
    await openItem(page, cases.bank, 'supplier-record');
    const record = page.locator('[data-testid=supplier-record]');
    expect(await record.textContent()).toContain('FI42 5000 1510 0000 23');
    expect(await record.textContent()).toContain('not on file');
    await record.locator('.history li', { hasText: 'removed FI58 1017 1000 0001 22' }).waitFor();
    expect(await record.locator('.history li').first().textContent()).toContain('Maija Manager');
    await shot(page, 'workbench-bank-account');
    await page.close();
  }, 60_000);

  it('VAT: editing a line recomputes net, VAT and totals before saving; the corrected invoice passes the re-check', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await signIn(page);
    await openItem(page, cases.vat, 'vat-recompute');
    expect(await page.locator('[data-testid=vat-recompute] tr.differs[data-total=taxTotal]').count()).toBe(1);
    await shot(page, 'workbench-vat');
    // The reviewer changes the quantity: the preview recomputes line net, VAT and totals (not yet saved).
    await page.fill('[data-correct="lines[0].quantity"]', '3');
    const preview = page.locator('[data-testid=correction-preview]');
    await preview.waitFor();
    expect(await preview.locator('tr[data-total=payable] td').nth(2).textContent()).toMatch(/1[\s.,\u202f]?882[.,]50/);
    await page.click('[data-testid=use-computed]');
    expect(await page.inputValue('[data-correct="lines[0].netAmount"]')).toBe('1500.00');
    expect(await page.inputValue('[data-correct="totals.taxTotal"]')).toBe('382.50');
    await preview.locator('text=Lines, VAT and totals add up').waitFor();
    await page.keyboard.press('Escape');
    await shot(page, 'workbench-vat-correction-preview');
    await page.uncheck('input[name=andNext]');
    await page.selectOption('select[name=reasonCode]', 'amounts-recomputed');
    await page.click('text=Correct & resolve');
    await page.locator('.rerun--resolved', { hasText: 'passed the re-check' }).waitFor({ timeout: 20000 });
    const [inv] = await ds.query(
      `SELECT i.status, i.payable::text AS payable FROM invoices i JOIN exceptions e ON e.invoice_id = i.id WHERE e.id = $1`,
      [cases.vat],
    );
    expect(inv).toEqual({ status: 'ready', payable: '1882.50' });
    await page.close();
  }, 60_000);

  it('XML: the original document with the offending element highlighted; a wrong correction is reported as not resolved and stays with the reviewer', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await signIn(page);
    await openItem(page, cases.xml, 'document-view');
    const marked = await page.locator('[data-testid=document-view] pre.document div.hl').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.join('\n')).toContain('<cbc:TaxAmount currencyID="EUR">245.00</cbc:TaxAmount>');
    await page.locator('[data-testid=document-view] pre.document div.hl').first().scrollIntoViewIfNeeded();
    await shot(page, 'workbench-xml-document');
    // Correct the VAT total to a value that still does not add up.
    await page.fill('[data-correct="totals.taxTotal"]', '250.00');
    await page.fill('textarea[name=reason]', 'supplier says 250');
    await page.uncheck('input[name=andNext]');
    await page.click('text=Correct & resolve');
    await page.locator('.rerun--reopened', { hasText: 'stays with you' }).waitFor({ timeout: 20000 });
    expect(await page.locator('[data-testid=exception-status]').getAttribute('data-status')).toBe('assigned');
    await shot(page, 'workbench-correction-reopened');
    const [row] = await ds.query(`SELECT status, assignee_id FROM exceptions WHERE id = $1`, [cases.xml]);
    expect(row).toEqual({ status: 'assigned', assignee_id: reviewer.id });
    await page.close();
  }, 60_000);

  it('presence, comments with Post, Esc leaves a field, no "new work" notice after taking an item', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page);
    await page.selectOption('[data-testid=presence]', 'away');
    await page.locator('.notice', { hasText: 'You are away' }).waitFor();
    expect((await ds.query(`SELECT availability FROM reviewers WHERE id = $1`, [reviewer.id]))[0].availability).toBe(
      'away',
    );
    await page.click('text=Next item');
    await page.locator('[data-testid=exception-status]').waitFor();
    await page.fill('textarea[name=comment]', 'Asked the buyer');
    await page.click('.comment-form button[type=submit]');
    await page.locator('.comment', { hasText: 'Asked the buyer' }).waitFor();
    await page.focus('textarea[name=reason]');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    await page.waitForTimeout(5500); // one poll of the work list
    expect(await page.locator('.notice', { hasText: 'New work was assigned to you' }).count()).toBe(0);
    await page.close();
    await waitFor(async () => true);
  }, 60_000);
});
