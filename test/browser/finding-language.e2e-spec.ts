import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { openException, TriageHarness } from '../triage.fixtures';
import { hasChromium, launchChromium, prepareBrowserRun, shot, signIn } from './browser.harness';

/** A Finnish reviewer reads the finding texts in Finnish, whatever the browser's own language. */
(hasChromium ? describe : describe.skip)('workbench: finding texts in the reviewer language (browser)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;
  let browser: Browser;
  let base: string;
  let reviewer: { email: string; password: string; id: string };
  let exceptionId: string;

  beforeAll(async () => {
    prepareBrowserRun();
    env = await createTestEnvironment('browser-language');
    app = await createApiApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    ds = app.get(DataSource);
    const { id: integrationId } = await createIntegration(ds, 'erp');
    // Off duty, so nothing is pushed: the item is opened from its link.
    reviewer = await createStaffUser(ds, {
      role: 'reviewer',
      name: 'Fredrika Finn',
      reviewer: { countries: ['FI'], languages: ['fi', 'sv'], categories: ['regulatory'], availability: 'off' },
    });
    const h = { ds, api: app, integrationId } as unknown as TriageHarness;
    const opened = await openException(h, { routeKey: 'vat.FI', category: 'regulatory', enqueue: false });
    exceptionId = opened.id;
    await ds.query(
      `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, actual, route_key)
       VALUES ($1,$2,1,'UBL-DT-01','blocking','regulatory','/Invoice/LegalMonetaryTotal/PayableAmount',
               'Amounts shall be decimal up to two fraction digits','12.345','vat.FI')`,
      [opened.invoiceId, exceptionId],
    );
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await env?.cleanup();
  });

  it('shows the finding message and hint in Finnish to a Finnish reviewer with an English browser', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, base, reviewer);
    await page.waitForURL('**/workbench');
    await page.goto(`${base}/workbench?id=${exceptionId}`);
    const finding = page.locator('.finding[data-rule="UBL-DT-01"]');
    await finding.waitFor({ timeout: 15000 });
    await expect(finding.locator('[data-testid=finding-message]').textContent()).resolves.toBe(
      'Rahamäärissä saa olla enintään kaksi desimaalia.',
    );
    await expect(finding.locator('[data-testid=finding-message]').getAttribute('lang')).resolves.toBe('fi');
    await expect(finding.locator('.hint').textContent()).resolves.toContain(
      'Pyydä lähettäjää korjaamaan XML-dokumentti ja lähettämään se uudelleen.',
    );
    // The other finding of the item (a rule without a Finnish text here) keeps its own English sentence.
    await expect(
      page.locator('.finding[data-rule="TEST-RULE"] [data-testid=finding-message]').textContent(),
    ).resolves.toBe('VAT rate is not valid on the invoice date');
    await shot(page, 'workbench-finnish-finding');
    await context.close();
  });
});
