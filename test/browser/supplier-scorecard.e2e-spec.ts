import { Browser } from 'playwright-core';
import { createStaffUser } from '@app/testing';
import { bootTriage, openException, TriageHarness } from '../triage.fixtures';
import { hasChromium, launchChromium, prepareBrowserRun, shot, signIn } from './browser.harness';

/** The manager's dashboard ranks suppliers by the cost of their exceptions and opens the printable scorecard. */
(hasChromium ? describe : describe.skip)('supplier scorecard (browser)', () => {
  let h: TriageHarness;
  let browser: Browser;
  let base: string;
  let manager: { email: string; password: string; id: string };

  beforeAll(async () => {
    prepareBrowserRun();
    h = await bootTriage('browser-scorecard', { worker: false });
    await h.api.listen(0, '127.0.0.1');
    base = await h.api.getUrl();
    manager = await createStaffUser(h.ds, { role: 'manager', name: 'Maija Manager' });
    const [acme, beta] = (
      await h.ds.query(
        `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Acme GmbH', 'DE123456789', 'DE'), ('Beta AB', 'SE556677889901', 'SE')
         RETURNING id`,
      )
    ).map((r: { id: string }) => r.id);
    const items: [string, string, number, string][] = [
      [acme, 'BR-CO-15', 5400, '2'],
      [acme, 'BR-CO-15', 3600, '12'],
      [acme, 'BR-S-08', 1800, '0'],
      [beta, 'BR-CO-15', 900, '0'],
    ];
    for (const [supplier, rule, handle, daysLate] of items) {
      const x = await openException(h, {
        routeKey: 'vat.FI',
        category: 'regulatory',
        enqueue: false,
        amount: '2400.00',
      });
      await h.ds.query(
        `UPDATE invoices SET supplier_id = $2, payable = 2400.00, received_at = now() - interval '3 days',
                due_date = (now() - interval '2 days')::date - $3::int, finalized_at = now() - interval '2 days' WHERE id = $1`,
        [x.invoiceId, supplier, Number(daysLate)],
      );
      await h.ds.query(
        `UPDATE exceptions SET supplier_id = $2, handle_seconds = $3, created_at = now() - interval '3 days',
                resolved_at = now() - interval '2 days', status = 'resolved', decision = 'approve' WHERE id = $1`,
        [x.id, supplier, handle],
      );
      await h.ds.query(`UPDATE findings SET rule_id = $2, field_path = 'totals.taxInclusive' WHERE exception_id = $1`, [
        x.id,
        rule,
      ]);
    }
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('dashboard panel → scorecard page (screenshots)', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, base, manager);
    await page.waitForURL('**/dashboard');
    const panel = page.locator('[data-testid=supplier-cost]');
    await panel.locator('tr', { hasText: 'Acme GmbH' }).waitFor({ timeout: 15000 });
    const names = await panel.locator('[data-testid=scorecard-link]').allTextContents();
    expect(names).toEqual(['Acme GmbH', 'Beta AB']);
    await shot(page, 'dashboard-supplier-cost');
    const href = await panel.locator('[data-testid=scorecard-link]').first().getAttribute('href');
    const card = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    await card.context().addCookies(await page.context().cookies());
    await card.goto(`${base}${href}`);
    await card.locator('[data-testid=scorecard]').waitFor();
    expect(await card.locator('h1').textContent()).toBe('Supplier scorecard: Acme GmbH');
    expect(await card.locator('body').textContent()).toContain('BR-CO-15');
    await shot(card, 'supplier-scorecard');
  });
});
