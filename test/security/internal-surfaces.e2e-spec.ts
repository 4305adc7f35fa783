import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';

/** The queue board, /metrics and /docs sit outside Nest's guards: each is checked on the route Fastify actually serves. */
describe('internal surfaces: queue board, /metrics, /docs', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;
  const saved = { ...process.env };

  const login = async (role: 'admin' | 'reviewer') => {
    const u = await createStaffUser(ds, { role });
    return (
      await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: u.email, password: 'password' } })
    ).json().accessToken as string;
  };

  beforeAll(async () => {
    env = await createTestEnvironment('surfaces');
    process.env.METRICS_TOKEN = 'scrape-token-for-tests-0123456789';
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
    process.env = saved;
  });

  // Every spelling below reaches the board's routes in Fastify (or in a proxy that normalises the path before it).
  const boardVariants = [
    '/admin/queues/api/queues',
    '/admin/%71ueues/api/queues',
    '/admin/%71%75eues/api/queues',
    '/%61dmin/queues/api/queues',
    '/admin/queues%2Fapi/queues',
    '//admin/queues/api/queues',
    '/admin//queues/api/queues',
    '/admin/queues//api/queues',
    '/ADMIN/QUEUES/api/queues',
    '/Admin/Queues/api/queues',
    '/admin/queues/api/queues/',
    '/admin/queues/',
    '/admin/queues',
    '/admin/queues?x=1',
    '/v1/../admin/queues/api/queues',
    '/admin/./queues/api/queues',
    '/admin/x/../queues/api/queues',
    '/admin/queues/api/../api/queues',
    '/admin/%2e%2e/admin/queues/api/queues',
  ];

  it.each(boardVariants)('never opens the queue board without an admin: %s', async (url) => {
    const anonymous = await app.inject({ method: 'GET', url });
    expect([401, 404]).toContain(anonymous.statusCode);
    expect(anonymous.body).not.toContain('exception.route');
    expect(anonymous.body).not.toContain('<html');
  });

  it('answers 401 (not 404) to an anonymous caller on the encoded spelling that Fastify routes to the board', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin/%71ueues/api/queues' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses state-changing board calls on encoded paths to a reviewer', async () => {
    const reviewer = await login('reviewer');
    for (const url of [
      '/admin/%71ueues/api/queues/pause',
      '/admin/queues/api/queues/resume',
      '/admin//queues/api/queues/exception.route/add',
    ]) {
      const res = await app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${reviewer}` } });
      expect([403, 404]).toContain(res.statusCode);
      expect(res.statusCode).not.toBe(200);
    }
    const encoded = await app.inject({
      method: 'GET',
      url: '/admin/%71ueues/api/queues',
      headers: { authorization: `Bearer ${reviewer}` },
    });
    expect(encoded.statusCode).toBe(403);
  });

  it('still opens the board for an admin, encoded or not', async () => {
    const admin = await login('admin');
    for (const url of ['/admin/queues/api/queues', '/admin/%71ueues/api/queues']) {
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${admin}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json().queues.length).toBeGreaterThan(0);
    }
  });

  it('serves /metrics only with the scrape token when METRICS_TOKEN is set', async () => {
    for (const url of ['/metrics', '/%6detrics', '/metrics/', '//metrics', '/METRICS']) {
      const res = await app.inject({ method: 'GET', url });
      expect([401, 404]).toContain(res.statusCode);
      expect(res.body).not.toContain('process_cpu_user_seconds_total');
    }
    expect(
      (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token' } }))
        .statusCode,
    ).toBe(401);
    const admin = await login('admin');
    expect(
      (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${admin}` } })).statusCode,
    ).toBe(401);
    const ok = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-token-for-tests-0123456789' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('process_cpu_user_seconds_total');
  });

  it('serves /docs only when enabled', async () => {
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
    process.env.DOCS_ENABLED = 'false';
    const closed = await createApiApp({ logger: false });
    try {
      await closed.init();
      await closed.getHttpAdapter().getInstance().ready();
      for (const url of ['/docs', '/docs/json', '/%64ocs/json', '/docs/'])
        expect((await closed.inject({ method: 'GET', url })).statusCode).toBe(404);
    } finally {
      delete process.env.DOCS_ENABLED;
      await closed.close();
    }
  });
});
