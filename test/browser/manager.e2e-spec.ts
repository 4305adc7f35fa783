import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { createStaffUser } from '@app/testing';
import { bootTriage, exceptionRow, openException, TriageHarness } from '../triage.fixtures';
import { hasChromium, holdGate, launchChromium, prepareBrowserRun, shot, signIn as signInAt } from './browser.harness';

/** The dashboard's summary answers 500 with this message while `failing()` says so. */
async function failSummaryWhile(page: Page, failing: () => boolean, message: string): Promise<void> {
  await page.route('**/v1/metrics/summary*', (route) =>
    failing()
      ? route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'INTERNAL', message, details: [] } }),
        })
      : route.continue(),
  );
}

/** The manager's seat in a browser: drill-down from the dashboard, the exception list, bulk actions, CSV, reassign. */
(hasChromium ? describe : describe.skip)('manager: exception list, drill-down, bulk actions (browser)', () => {
  let h: TriageHarness;
  let browser: Browser;
  let base: string;
  let manager: { email: string; password: string; id: string };
  let riikka: { email: string; password: string; id: string };
  let sven: { email: string; password: string; id: string };
  const fi: string[] = [];
  let se: string;

  const signIn = (page: Page, who: { email: string; password: string }) => signInAt(page, base, who);

  /** A new reviewer of `country` signed in to the workbench, holding two items taken with "Next item" (the second shown). */
  async function reviewerHoldingTwo(name: string, country: string, amounts: [string, string]): Promise<Page> {
    const reviewer = await createStaffUser(h.ds, {
      role: 'reviewer',
      name,
      reviewer: { countries: [country], categories: ['regulatory'], availability: 'off', capacity: 5 },
    });
    for (const amount of amounts)
      await openException(h, { routeKey: `vat.${country}`, category: 'regulatory', country, amount, enqueue: false });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, reviewer);
    await page.waitForURL('**/workbench');
    await page.click('text=Next item');
    await page.locator('header.detail-head').waitFor();
    const first = await page.locator('header.detail-head').getAttribute('data-exception-id');
    await page.click('text=Next item');
    await page.waitForFunction((id) => {
      const shown = document.querySelector('header.detail-head')?.getAttribute('data-exception-id');
      return !!shown && shown !== id;
    }, first);
    await page.locator('ul.items li[data-id]').nth(1).waitFor();
    return page;
  }

  beforeAll(async () => {
    prepareBrowserRun();
    h = await bootTriage('browser-manager', { worker: false });
    await h.api.listen(0, '127.0.0.1');
    base = await h.api.getUrl();
    manager = await createStaffUser(h.ds, { role: 'manager', name: 'Maija Manager' });
    riikka = await createStaffUser(h.ds, {
      role: 'reviewer',
      name: 'Riikka Reviewer',
      reviewer: { countries: ['FI'], categories: ['regulatory'], availability: 'off', capacity: 5 },
    });
    sven = await createStaffUser(h.ds, {
      role: 'reviewer',
      name: 'Sven Reviewer',
      reviewer: { countries: ['SE'], categories: ['regulatory'], availability: 'off', capacity: 5 },
    });
    for (let i = 0; i < 3; i++)
      fi.push(
        (
          await openException(h, {
            routeKey: 'vat.FI',
            category: 'regulatory',
            country: 'FI',
            amount: `${1000 + i}.50`,
            enqueue: false,
          })
        ).id,
      );
    se = (
      await openException(h, {
        routeKey: 'vat.SE',
        category: 'regulatory',
        country: 'SE',
        amount: '12345.67',
        enqueue: false,
      })
    ).id;
    await h.ds.query(
      `UPDATE invoices SET seller_name = 'Kesko Oyj' WHERE id = (SELECT invoice_id FROM exceptions WHERE id = $1)`,
      [fi[0]],
    );
    // One FI item is two days past its SLA.
    await h.ds.query(
      `UPDATE exceptions SET created_at = now() - interval '4 days', sla_due_at = now() - interval '2 days' WHERE id = $1`,
      [fi[2]],
    );
    await h.ds.query(`UPDATE exceptions SET sla_due_at = now() + interval '3 hours' WHERE id <> $1`, [fi[2]]);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('the manager drills down from the dashboard to the list, reassigns and releases in bulk and exports CSV', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await signIn(page, manager);
    await page.waitForURL('**/dashboard');
    // The reviewers are off duty: the table says why they carry no load.
    await page
      .locator('[data-testid=reviewer-table] tr', { hasText: 'Riikka Reviewer' })
      .locator('[data-testid=no-load-reason]', { hasText: 'off duty' })
      .waitFor();
    const fiRow = page.locator('[data-testid=queue-table] tr[data-queue="vat.FI"]');
    await fiRow.waitFor({ timeout: 15000 });
    await fiRow.locator('td').nth(0).locator('a').click();
    await page.waitForURL(/\/exceptions\?queue=vat\.FI/);
    const rows = page.locator('[data-testid=exception-table] tbody tr[data-id]');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=exception-table] tbody tr[data-id]').length === 3,
    );
    expect(await rows.count()).toBe(3);
    // The overdue item carries a badge and the amounts are formatted.
    await page.locator(`tr[data-id="${fi[2]}"] .badge--overdue`, { hasText: 'overdue' }).waitFor();
    await shot(page, 'exceptions-list');

    await page.check(`tr[data-id="${fi[0]}"] input[type=checkbox]`);
    await page.check(`tr[data-id="${fi[1]}"] input[type=checkbox]`);
    await page.selectOption('select[name=reassignTo]', riikka.id);
    await page.click('[data-testid=bulk-bar] >> text=Reassign');
    await page.locator('.notice', { hasText: '2 handed to Riikka Reviewer' }).waitFor();
    expect((await exceptionRow(h, fi[0])).assignee_id).toBe(riikka.id);
    expect((await exceptionRow(h, fi[1])).assignee_id).toBe(riikka.id);
    await page.locator(`tr[data-id="${fi[0]}"]`, { hasText: 'Riikka Reviewer' }).waitFor();
    await shot(page, 'exceptions-bulk-reassigned');

    await page.check(`tr[data-id="${fi[1]}"] input[type=checkbox]`);
    await page.click('[data-testid=bulk-bar] >> text=Release to queue');
    await page.locator('.notice', { hasText: '1 released' }).waitFor();
    expect((await exceptionRow(h, fi[1])).assignee_id).toBeNull();

    // Text search narrows the list; CSV exports exactly what is listed.
    await page.fill('input[name=q]', 'kesko');
    await page.click('form.search button');
    await page.waitForURL(/q=kesko/);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=exception-table] tbody tr[data-id]').length === 1,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(fi[0]);
    expect(csv[1]).toContain('Kesko Oyj');
    await page.close();
  }, 60_000);

  it('the manager reassigns one item from the workbench; the manager workbench does not offer "Next item"', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, manager);
    await page.waitForURL('**/dashboard');
    await page.goto(`${base}/workbench?id=${se}`);
    await page.locator('[data-testid=no-profile]').waitFor();
    expect(await page.locator('text=Next item').count()).toBe(0);
    await page.selectOption('select[name=reassignTo]', sven.id);
    await page.click('.reassign button');
    await page.locator('.notice', { hasText: 'Handed to Sven Reviewer' }).waitFor();
    expect((await exceptionRow(h, se)).assignee_id).toBe(sven.id);
    const [audit] = await h.ds.query(
      `SELECT actor_id FROM audit_events WHERE aggregate_id = $1 AND action = 'reassigned'`,
      [se],
    );
    expect(audit.actor_id).toBe(manager.id);
    await shot(page, 'workbench-manager-reassign');
    await page.close();
  }, 60_000);

  it('a reviewer sees only what they may take; a failed dashboard request leaves no stale error once the next one succeeds', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, sven);
    await page.waitForURL('**/workbench');
    await page.goto(`${base}/exceptions`);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=exception-table] tbody tr[data-id]').length >= 1,
    );
    const shown = await page
      .locator('[data-testid=exception-table] tbody tr[data-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(shown).toEqual([se]); // held by Sven; no FI item
    await page.close();

    const dash = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(dash, manager);
    await dash.waitForURL('**/dashboard');
    await dash.locator('[data-testid=kpi-resolved]').waitFor();
    let fail = true;
    await failSummaryWhile(dash, () => fail, 'boom');
    await dash.selectOption('select[name=period]', '1');
    await dash.locator('.error', { hasText: 'boom' }).waitFor();
    fail = false;
    await dash.selectOption('select[name=period]', '7');
    await dash.locator('.error').waitFor({ state: 'detached', timeout: 10000 });
    await dash.close();
  }, 60_000);

  it('a slower answer for the period left behind never overwrites the period chosen since (its error stays, its figures are not taken)', async () => {
    const dash = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // The first load's last request (the supplier cost, asked after the summary and the manager's
    // panels) is held until the manager has chosen another period, whose summary then fails.
    const gate = holdGate();
    let costRequests = 0;
    await dash.route('**/v1/metrics/suppliers/cost*', async (route) => {
      costRequests += 1;
      if (costRequests === 1) {
        await gate.hold();
      }
      await route.continue();
    });
    let failSummary = false;
    await failSummaryWhile(dash, () => failSummary, 'summary down');
    await signIn(dash, manager);
    await dash.waitForURL('**/dashboard');
    await gate.held;
    failSummary = true;
    await dash.selectOption('select[name=period]', '1');
    await dash.locator('.error', { hasText: 'summary down' }).waitFor();
    // The period left behind now gets its answer: it must not clear the error nor fill in its figures.
    const answered = dash.waitForResponse('**/v1/metrics/suppliers/cost*');
    gate.release();
    await answered;
    await dash.waitForTimeout(750);
    expect(await dash.locator('.error', { hasText: 'summary down' }).count()).toBe(1);
    // The supplier panel's links would carry the 30-day period of the stale answer.
    expect(await dash.locator('a[href*="/scorecard"]').count()).toBe(0);
    expect(costRequests).toBe(1);
    await dash.close();
  }, 60_000);
  it('the exception list shows the filter chosen last, whatever order the answers come back in', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const isList = (u: URL) => u.pathname === '/v1/exceptions';
    // The unfiltered list's answer is held until the list filtered by country has been answered.
    const gate = holdGate();
    await page.route(isList, async (route) => {
      if (!new URL(route.request().url()).searchParams.has('country')) {
        await gate.hold();
      }
      await route.continue();
    });
    await signIn(page, manager);
    await page.waitForURL('**/dashboard');
    await page.goto(`${base}/exceptions`);
    await gate.held;
    const filtered = page.waitForResponse(
      (r) => isList(new URL(r.url())) && new URL(r.url()).searchParams.has('country'),
    );
    await page.selectOption('select[name=country]', 'SE');
    const wanted = ((await (await filtered).json()) as { items: { id: string }[] }).items.map((i) => i.id);
    expect(wanted).toContain(se);
    const rows = () =>
      page
        .locator('[data-testid=exception-table] tbody tr[data-id]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=exception-table] tbody tr[data-id]').length === n,
      wanted.length,
    );
    // The unfiltered answer (every country's items) arrives late: the list must stay the SE one.
    const late = page.waitForResponse((r) => isList(new URL(r.url())) && !new URL(r.url()).searchParams.has('country'));
    gate.release();
    await late;
    await page.waitForTimeout(750);
    expect(await rows()).toEqual(wanted);
    await page.close();
  }, 60_000);

  it('the workbench shows the item picked last, whatever order the answers come back in (a decision goes to the item shown)', async () => {
    const page = await reviewerHoldingTwo('Nora Reviewer', 'DK', ['111.11', '222.22']);
    const shownId = () => page.locator('header.detail-head').getAttribute('data-exception-id');
    const second = await shownId();
    const first = await page.locator(`ul.items li[data-id]:not([data-id="${second}"])`).getAttribute('data-id');
    // The first item's detail is held; the reviewer clicks it, then (before it came) the second one.
    const gate = holdGate();
    await page.route(
      (u) => u.pathname === `/v1/exceptions/${first}`,
      async (route) => {
        await gate.hold();
        await route.continue();
      },
    );
    const ids = await h.ds.query(`SELECT id FROM exceptions WHERE queue_key = 'vat.DK' AND status = 'assigned'`);
    expect(ids.map((r: { id: string }) => r.id).sort()).toEqual([first, second].sort());
    await page.click(`ul.items li[data-id="${first}"]`);
    await gate.held;
    // While the picked item loads, the item shown before is not left on screen with its decision buttons.
    await page.locator('[data-testid=detail-loading]').waitFor();
    expect(await page.locator('header.detail-head').count()).toBe(0);
    expect(await page.locator('button', { hasText: 'Approve' }).count()).toBe(0);
    // Nor by its keyboard shortcut: nothing is decided, nothing is asked of the reviewer.
    await page.keyboard.press('a');
    await page.waitForTimeout(300);
    expect(await page.locator('.error').count()).toBe(0);
    const secondAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === `/v1/exceptions/${second}`);
    await page.click(`ul.items li[data-id="${second}"]`);
    await secondAnswered;
    await page.locator(`ul.items li.selected[data-id="${second}"]`).waitFor();
    const late = page.waitForResponse((r) => new URL(r.url()).pathname === `/v1/exceptions/${first}`);
    gate.release();
    await late;
    await page.waitForTimeout(750);
    expect(await shownId()).toBe(second);
    expect(new URL(page.url()).searchParams.get('id')).toBe(second);
    await page.close();
  }, 60_000);

  it("an older answer of the reviewer's own list never brings back an item they have just decided", async () => {
    const page = await reviewerHoldingTwo('Olga Reviewer', 'LT', ['333.33', '444.44']);
    const decided = await page.locator('header.detail-head').getAttribute('data-exception-id');
    // The next poll of the list is answered now (both items held) but delivered only after the decision.
    const gate = holdGate();
    let polls = 0;
    await page.route(
      (u) => u.pathname === '/v1/me/work',
      async (route) => {
        polls += 1;
        if (polls > 1) return route.continue();
        const response = await route.fetch();
        await gate.hold();
        await route.fulfill({ response });
      },
    );
    await gate.held; // the 5-second poll came
    await page.fill('textarea[name=reason]', 'account not on file');
    await page.click('button:has-text("Reject")');
    await page.locator(`ul.items li[data-id="${decided}"]`).waitFor({ state: 'detached' });
    expect(polls).toBeGreaterThan(1); // the list after the decision was asked and shown
    const late = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/me/work');
    gate.release();
    await late;
    await page.waitForTimeout(750);
    expect(await page.locator(`ul.items li[data-id="${decided}"]`).count()).toBe(0);
    await page.close();
  }, 60_000);
});
