import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';

export interface TestEnvironment {
  schema: string;
  queuePrefix: string;
  databaseUrl: string;
  redisUrl: string;
  /** Drops the schema and deletes every Redis key of the run. */
  cleanup(): Promise<void>;
}

/**
 * Gives one test file its own PostgreSQL schema and BullMQ key prefix on the real services, and
 * points the app's configuration at them through the environment.
 */
export async function createTestEnvironment(name = 'test'): Promise<TestEnvironment> {
  const id = `${name
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const schema = `t_${id}`;
  const queuePrefix = `t-${id}`;
  const databaseUrl =
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    // Password hashes cost 4 MiB and one pass in tests (production: 64 MiB, 3 passes): sign-ins stay fast.
    ARGON2_MEMORY_KIB: process.env.ARGON2_MEMORY_KIB ?? '4096',
    ARGON2_TIME_COST: process.env.ARGON2_TIME_COST ?? '1',
    MIGRATE_ON_START: 'true',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_MINUTE: process.env.RATE_LIMIT_PER_MINUTE ?? '100000',
    STAFF_RATE_LIMIT_PER_MINUTE: process.env.STAFF_RATE_LIMIT_PER_MINUTE ?? '100000',
    ADDRESS_RATE_LIMIT_PER_MINUTE: process.env.ADDRESS_RATE_LIMIT_PER_MINUTE ?? '100000',
  });
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  await pg.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await pg.end();
  return {
    schema,
    queuePrefix,
    databaseUrl,
    redisUrl,
    async cleanup() {
      const c = new Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
      await deleteRedisKeys(redisUrl, `{${queuePrefix}}*`);
    },
  };
}

/**
 * Deletes every key matching `pattern` in one Lua script, i.e. atomically, as a real FLUSHALL would:
 * a SCAN + DEL loop would race running workers and leave half-deleted jobs behind.
 */
export async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const script = `local keys = redis.call('KEYS', ARGV[1])
      for i = 1, #keys, 5000 do redis.call('DEL', unpack(keys, i, math.min(i + 4999, #keys))) end
      return #keys`;
    return (await redis.eval(script, 0, pattern)) as number;
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 15000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`waitFor timed out after ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}
