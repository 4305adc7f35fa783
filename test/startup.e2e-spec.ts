import { DataSource } from 'typeorm';
import {
  activeResources,
  activeResourcesSettled,
  createStaffUser,
  createTestEnvironment,
  TestEnvironment,
} from '@app/testing';
import { validateEnvironment } from '@app/config';
import { createApiApp } from '../apps/api/src/bootstrap';

describe('start-up refuses bad configuration and missing services', () => {
  let env: TestEnvironment;
  const saved = { ...process.env };

  beforeAll(async () => {
    env = await createTestEnvironment('startup');
  });
  afterEach(() => {
    process.env = { ...saved, DATABASE_SCHEMA: env.schema, QUEUE_PREFIX: env.queuePrefix };
  });
  afterAll(async () => {
    await env.cleanup();
  });

  it('names every invalid variable in one message', () => {
    expect(() => validateEnvironment({ DATABASE_URL: 'mysql://x', PORT: '99999', JWT_SECRET: 'short' })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ URL[\s\S]*PORT[\s\S]*JWT_SECRET must be at least 16 characters/,
    );
  });

  it('fails with a clear message when PostgreSQL does not answer', async () => {
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/test';
    await expect(createApiApp({ logger: false })).rejects.toThrow(
      /PostgreSQL is not reachable at postgres:\/\/postgres@127\.0\.0\.1:1\/test/,
    );
  });

  it('fails with a clear message when Redis does not answer', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    await expect(createApiApp({ logger: false })).rejects.toThrow(/Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('a start refused for a missing service leaves no connection or retry running behind it', async () => {
    await sleep(300);
    const before = activeResources();
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    await expect(createApiApp({ logger: false })).rejects.toThrow(/Redis is not reachable/);
    process.env = { ...saved, DATABASE_SCHEMA: env.schema, QUEUE_PREFIX: env.queuePrefix };
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/test';
    await expect(createApiApp({ logger: false })).rejects.toThrow(/PostgreSQL is not reachable/);
    // The refused Redis client's own timer ends within about two seconds; nothing may stay longer.
    expect(await activeResourcesSettled(before)).toBe(before);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After and the error contract past the per-key limit', async () => {
    const env = await createTestEnvironment('ratelimit');
    process.env.RATE_LIMIT_PER_MINUTE = '3';
    const app = await createApiApp({ logger: false });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const codes: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await app.inject({
          method: 'GET',
          url: '/v1/invoices',
          headers: { 'x-api-key': 'itk_rate_limit_probe' },
        });
        codes.push(last.statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
      expect(last!.headers['retry-after']).toBeDefined();
      expect(last!.json().error.code).toBe('RATE_LIMITED');
    } finally {
      delete process.env.RATE_LIMIT_PER_MINUTE;
      await app.close();
      await env.cleanup();
    }
  });

  it('staff sessions count one by one, not per address: two reviewers behind one office address each get their own limit', async () => {
    const env = await createTestEnvironment('staffratelimit');
    process.env.STAFF_RATE_LIMIT_PER_MINUTE = '3';
    process.env.ADDRESS_RATE_LIMIT_PER_MINUTE = '100';
    const app = await createApiApp({ logger: false });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const ds = app.get(DataSource);
      const [a, b] = [await createStaffUser(ds, { role: 'reviewer' }), await createStaffUser(ds, { role: 'reviewer' })];
      const token = async (u: { email: string; password: string }) =>
        (
          await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: u.email, password: u.password } })
        ).json().accessToken as string;
      const [ta, tb] = [await token(a), await token(b)];
      const me = (t: string) =>
        app
          .inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${t}` } })
          .then((r) => r.statusCode);
      const codesA: number[] = [];
      for (let i = 0; i < 4; i++) codesA.push(await me(ta));
      expect(codesA).toEqual([200, 200, 200, 429]);
      // Same address (every inject comes from 127.0.0.1), another session: a bucket of its own.
      expect(await me(tb)).toBe(200);
      // A request without credentials counts against the address, which the staff traffic did not use up.
      expect((await app.inject({ method: 'GET', url: '/v1/rules' })).statusCode).toBe(200);
    } finally {
      delete process.env.STAFF_RATE_LIMIT_PER_MINUTE;
      delete process.env.ADDRESS_RATE_LIMIT_PER_MINUTE;
      await app.close();
      await env.cleanup();
    }
  });

  it('an integration key may send 1,000 requests a second by default (a month-end burst is not capped at 100/s)', () => {
    expect(validateEnvironment({}).RATE_LIMIT_PER_MINUTE).toBe(60_000);
  });
});
