import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

/** The pages have an icon and ask no third party for anything (the queue board's Google Fonts link is removed). */
describe('web pages: favicon, no external requests (HTTP)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  const ROOT = join(__dirname, '..');

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'web-dist', 'assets', 'favicon.svg')))
      execFileSync(process.execPath, [join(ROOT, 'apps', 'web', 'build.mjs')], { stdio: 'ignore' });
    env = await createTestEnvironment('web-setup');
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('serves a favicon and the page links it', async () => {
    const ico = await app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(ico.statusCode).toBe(200);
    expect(ico.headers['content-type']).toContain('image/svg+xml');
    expect(ico.body).toContain('<svg');
    const page = await app.inject({ method: 'GET', url: '/login' });
    expect(page.body).toContain('rel="icon" href="/assets/favicon.svg"');
    expect((await app.inject({ method: 'GET', url: '/assets/favicon.svg' })).statusCode).toBe(200);
  });

  it('the queue board page links no external fonts', async () => {
    const admin = await createStaffUser(app.get(DataSource), { role: 'admin' });
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: admin.email, password: admin.password },
    });
    const token = login.json().accessToken;
    const page = await app.inject({
      method: 'GET',
      url: '/admin/queues',
      headers: { authorization: `Bearer ${token}`, accept: 'text/html' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html');
    expect(page.body).not.toMatch(/https?:\/\/fonts\.(googleapis|gstatic)\.com/);
    expect(page.body).not.toMatch(/<(link|script)[^>]+(href|src)="https?:\/\//);
  });
});
