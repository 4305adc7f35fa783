import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { AuthService } from '../../apps/api/src/modules/auth/auth.service';
import { hasChromium, launchChromium, prepareBrowserRun, shot } from './browser.harness';

/** An invited reviewer sets their own password, signs in with a cookie session the page cannot read, and signs out. */
(hasChromium ? describe : describe.skip)('invitation, cookie session and sign-out in a browser', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    prepareBrowserRun();
    env = await createTestEnvironment('browseraccounts');
    app = await createApiApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    ds = app.get(DataSource);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await env?.cleanup();
  });

  it('sets the password from the invitation link, signs in and out; no CSP violation on the way', async () => {
    const manager = await createStaffUser(ds, { role: 'manager' });
    const token = await app.get(AuthService).issue({ ...manager, name: 'M', role: 'manager', token_version: 0 });
    const created = await fetch(`${base}/v1/reviewers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'invited.reviewer@example.com',
        name: 'Ines Invited',
        countries: ['FI'],
        availability: 'online',
      }),
    });
    expect(created.status).toBe(201);
    const { invitation } = (await created.json()) as { invitation: { url: string } };

    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${base}${invitation.url}`);
    const own = 'tall lighthouse reading invoices 7';
    await page.fill('input[name=new-password]', own);
    await page.fill('input[name=repeat-password]', own);
    await page.click('button[type=submit]');
    await page.locator('[role=status]', { hasText: 'password is set' }).waitFor({ timeout: 15000 });
    expect(await page.inputValue('input[name=email]')).toBe('invited.reviewer@example.com');
    await page.fill('input[name=password]', own);
    await page.click('button[type=submit]');
    await page.waitForURL('**/workbench', { timeout: 15000 });
    await shot(page, '05-invited-reviewer-workbench');

    // The session cookie is HttpOnly: page scripts see only the CSRF cookie, and nothing token-like is stored.
    const seen = await page.evaluate(() => ({ cookie: document.cookie, stored: JSON.stringify({ ...localStorage }) }));
    expect(seen.cookie).toMatch(/csrf_token=/);
    expect(seen.cookie).not.toMatch(/access_token=/);
    expect(seen.stored).not.toMatch(/eyJ/);
    const session = (await context.cookies()).find((c) => c.name === 'access_token');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // A state change from the page carries the CSRF token: going away works.
    const status = await page.evaluate(async () => {
      const csrf = decodeURIComponent(
        document.cookie
          .split(/;\s*/)
          .find((c) => c.startsWith('csrf_token='))!
          .slice(11),
      );
      const withToken = await fetch('/v1/reviewers/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ availability: 'away' }),
      });
      const without = await fetch('/v1/reviewers/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ availability: 'online' }),
      });
      return [withToken.status, without.status];
    });
    expect(status).toEqual([200, 403]);

    await page.click('text=Sign out');
    await page.waitForURL('**/login', { timeout: 15000 });
    const after = await fetch(`${base}/v1/me`, { headers: { cookie: `access_token=${session!.value}` } });
    expect(after.status).toBe(401);
    expect(violations).toEqual([]);
    await context.close();
  }, 90_000);
});
