import { createTestEnvironment, TestEnvironment } from '@app/testing';
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
    expect(() => validateEnvironment({ DATABASE_URL: 'mysql://x', PORT: '99999', JWT_SECRET: 'short' }))
      .toThrow(/DATABASE_URL must be a postgres:\/\/ URL[\s\S]*PORT[\s\S]*JWT_SECRET must be at least 16 characters/);
  });

  it('fails with a clear message when PostgreSQL does not answer', async () => {
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/test';
    await expect(createApiApp({ logger: false })).rejects.toThrow(/PostgreSQL is not reachable at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
  });

  it('fails with a clear message when Redis does not answer', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    await expect(createApiApp({ logger: false })).rejects.toThrow(/Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
  });
});
