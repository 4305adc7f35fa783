import { join, resolve } from 'node:path';

/** The repository root (also when the script runs from a ts-run bundle under node_modules/.cache). */
export const ROOT = resolve(__dirname.includes('.cache') ? process.cwd() : join(__dirname, '..', '..'));

/** Invoice statuses after which the pipeline has nothing left to do. */
export const FINAL_STATUSES = ['ready', 'in_review', 'rejected', 'returned_to_supplier', 'duplicate', 'failed'];

export interface RunConnections {
  databaseUrl?: string;
  redisUrl?: string;
  log?: (line: string) => void;
}

/** The database, Redis and log of a run: given, else from the environment, else the local defaults. */
export function runConnections(o: RunConnections): { dbUrl: string; redisUrl: string; log: (line: string) => void } {
  return {
    dbUrl:
      o.databaseUrl ??
      process.env.DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    log: o.log ?? ((l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`)),
  };
}

/** The environment of an API or worker child of a run: its own schema and queue prefix, quiet, no rate limit. */
export function childEnvironment(r: {
  dbUrl: string;
  schema: string;
  redisUrl: string;
  prefix: string;
  port: number;
  reconcileSeconds: number;
  /** The children's log level: silent unless a run needs their warnings (the scale-out run reads its APIs' 503 causes). */
  logLevel?: string;
}): Record<string, string> {
  return {
    DATABASE_URL: r.dbUrl,
    DATABASE_SCHEMA: r.schema,
    REDIS_URL: r.redisUrl,
    QUEUE_PREFIX: r.prefix,
    LOG_LEVEL: r.logLevel ?? 'silent',
    MIGRATE_ON_START: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    // Four processes at the default 20 would hold up to 80 of a default server's 100 connections, beside
    // whatever else runs on it (the test suite runs two files at a time).
    DATABASE_POOL_SIZE: '8',
    NODE_ENV: 'development',
    PORT: String(r.port),
    HOST: '127.0.0.1',
    RECONCILE_EVERY_SECONDS: String(r.reconcileSeconds),
    RECONCILE_STALE_SECONDS: String(r.reconcileSeconds),
  };
}
