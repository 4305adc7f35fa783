import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { createStaffUser } from '@app/testing';
import { triageClock } from '@app/triage';
import { bootTriage, TriageHarness } from '../triage.fixtures';
import { seedQueueHistory } from '../staffing-forecast.fixtures';
import { ARTIFACTS, hasChromium, launchChromium, prepareBrowserRun, shot, signIn } from './browser.harness';

/** The dashboard's staffing forecast panel (forecast vs actual, surge flag) in a browser. */
(hasChromium ? describe : describe.skip)('dashboard: staffing forecast and surge (browser)', () => {
  let h: TriageHarness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    prepareBrowserRun();
    h = await bootTriage('browser-forecast', { worker: false });
    await h.api.listen(0, '127.0.0.1');
    base = await h.api.getUrl();
    const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    triageClock.set(now);
    await seedQueueHistory(h.ds, h.integrationId, { until: now, perHour: 6, backlog: 40 });
    await h.ds.query(`UPDATE review_queues SET surge_since = $1 WHERE key = 'vat.EE'`, [now]);
    for (const name of ['Kadri', 'Mart'])
      await createStaffUser(h.ds, {
        role: 'reviewer',
        name,
        reviewer: { countries: ['EE'], categories: ['regulatory'], timeZone: 'Europe/Tallinn' },
      });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows the forecast per queue with its surge flag and last week’s forecast against the actual arrivals', async () => {
    const manager = await createStaffUser(h.ds, { role: 'manager', name: 'Maija Manager' });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, base, manager);
    await page.waitForURL('**/dashboard');
    const panel = page.getByTestId('forecast-panel');
    await panel.waitFor();
    await page.getByTestId('surge-badge').first().waitFor();
    // Queues by name, each linked to its unresolved items, as the backlog rows are.
    const queue = panel.getByRole('link', { name: 'VAT · Estonia' });
    expect(await queue.getAttribute('href')).toBe('/exceptions?queue=vat.EE');
    // Headings in words (they once showed a type name: "ForecastResponse vs actual"), the days the panel shows.
    const headings = await panel.locator('h3').allTextContents();
    expect(headings).toEqual([
      'Staffing forecast: today and the next 3 days',
      'Forecast vs actual: the last 7 days (all queues)',
    ]);
    expect(await page.getByTestId('forecast-vs-actual').locator('thead th').allTextContents()).toEqual([
      'Day',
      'Forecast arrivals',
      'Actual arrivals',
    ]);
    expect(await page.getByTestId('forecast-vs-actual').locator('tbody tr').count()).toBe(7);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'dashboard-staffing-forecast');
    await panel.screenshot({ path: join(ARTIFACTS, 'forecast-panel.png') });
  });
});
