import { Writable } from 'node:stream';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment, waitFor } from '@app/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { setLogDestination } from '../../apps/api/src/common/logging/log-destination';

interface AccessLine {
  msg: string;
  method: string;
  url: string;
  statusCode: number;
  responseTimeMs: number;
  actor?: string;
  reqId?: string;
}

/** Every request leaves one access log line, whatever answered it (guard, throttler, controller, 404). */
describe('access log', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;
  const lines: Record<string, any>[] = [];
  const saved = { ...process.env };

  const accessLines = () => lines.filter((l) => l.msg === 'request completed') as AccessLine[];
  const lineFor = (method: string, url: string) => accessLines().filter((l) => l.method === method && l.url === url);
  /** The line is written when the response has finished, which may be just after inject() resolves. */
  const settle = (method: string, url: string, count: number) =>
    waitFor(async () => lineFor(method, url).length >= count, 5000, 10).catch(() => undefined);

  beforeAll(async () => {
    process.env.RATE_LIMIT_PER_MINUTE = '5';
    process.env.ADDRESS_RATE_LIMIT_PER_MINUTE = '5';
    env = await createTestEnvironment('accesslog');
    process.env.LOG_LEVEL = 'info';
    setLogDestination(
      new Writable({
        write(chunk, _enc, done) {
          for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
          done();
        },
      }),
    );
    app = await createApiApp();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
    setLogDestination(undefined);
    process.env = saved;
  });

  it('logs a successful and a failed login, without the password', async () => {
    const u = await createStaffUser(ds, { role: 'reviewer' });
    expect(
      (await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: u.email, password: 'password' } }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          payload: { email: u.email, password: 'wrong-password-1' },
        })
      ).statusCode,
    ).toBe(401);
    await settle('POST', '/v1/auth/login', 2);
    const logins = lineFor('POST', '/v1/auth/login');
    expect(logins.map((l) => l.statusCode)).toEqual([200, 401]);
    expect(logins[0].responseTimeMs).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toContain('wrong-password-1');
  });

  it('logs a 401, a 403 with the caller, and a 404', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/me' })).statusCode).toBe(401);
    const reviewer = await createStaffUser(ds, { role: 'reviewer' });
    const token = (
      await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: reviewer.email, password: 'password' },
      })
    ).json().accessToken;
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/suppliers',
          headers: { authorization: `Bearer ${token}` },
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/v1/no-such-route' })).statusCode).toBe(404);
    const { apiKey, id } = await createIntegration(ds);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/v1/invoices/00000000-0000-0000-0000-000000000000',
          headers: { 'x-api-key': apiKey },
        })
      ).statusCode,
    ).toBe(404);
    await settle('GET', '/v1/invoices/00000000-0000-0000-0000-000000000000', 1);
    await settle('GET', '/v1/no-such-route', 1);
    await settle('POST', '/v1/suppliers', 1);
    await settle('GET', '/v1/me', 1);
    expect(lineFor('GET', '/v1/me').map((l) => l.statusCode)).toEqual([401]);
    const forbidden = lineFor('POST', '/v1/suppliers');
    expect(forbidden.map((l) => l.statusCode)).toEqual([403]);
    expect(forbidden[0].actor).toBe(`staff:${reviewer.id}`);
    expect(lineFor('GET', '/v1/no-such-route').map((l) => l.statusCode)).toEqual([404]);
    expect(lineFor('GET', '/v1/invoices/00000000-0000-0000-0000-000000000000')[0].actor).toBe(`integration:${id}`);
    expect(JSON.stringify(lines)).not.toContain(token);
    expect(JSON.stringify(lines)).not.toContain(apiKey);
  });

  it('logs every throttled request (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.inject({ method: 'GET', url: '/v1/rules' })).statusCode);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    await settle('GET', '/v1/rules', statuses.length);
    expect(lineFor('GET', '/v1/rules').map((l) => l.statusCode)).toEqual(statuses);
  });

  it('logs requests outside Nest routes too (queue board, encoded paths)', async () => {
    expect((await app.inject({ method: 'GET', url: '/admin/%71ueues/api/queues' })).statusCode).toBe(401);
    await settle('GET', '/admin/%71ueues/api/queues', 1);
    expect(lineFor('GET', '/admin/%71ueues/api/queues').map((l) => l.statusCode)).toEqual([401]);
  });
});
