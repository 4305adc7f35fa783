import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** Environment variables, validated once at start-up. Defaults suit a local machine. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

  /** PostgreSQL schema the app works in (tests use a throwaway one). */
  @IsString() @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA = 'public';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Key prefix of every BullMQ queue, so that runs and environments never collide. */
  @IsString() @Matches(/^[A-Za-z0-9_:-]+$/)
  QUEUE_PREFIX = 'triage';

  @Type(() => Number) @IsInt() @Min(1) @Max(65535)
  PORT = 3000;

  @IsOptional() @IsString()
  HOST = '127.0.0.1';

  /** Largest accepted request body in bytes (XML invoices with attachments can be a few MB). */
  @Type(() => Number) @IsInt() @Min(1024) @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 12 * 1024 * 1024;

  @Type(() => Number) @IsInt() @Min(1) @Max(10000)
  BATCH_MAX_INVOICES = 1000;

  /** Deepest nesting of arrays/objects in a JSON body (a canonical invoice needs 5). */
  @Type(() => Number) @IsInt() @Min(8) @Max(256)
  JSON_MAX_DEPTH = 32;

  /** Intake limits per invoice, checked before the invoice is read field by field (the DTO caps them at 10,000 and 50). */
  @Type(() => Number) @IsInt() @Min(1) @Max(10000)
  INTAKE_MAX_LINES = 10000;

  @Type(() => Number) @IsInt() @Min(0) @Max(50)
  INTAKE_MAX_ALLOWANCES_PER_LINE = 50;

  /** XML documents: elements and attributes are counted by a cheap scan before the document is parsed. */
  @Type(() => Number) @IsInt() @Min(100)
  INTAKE_MAX_XML_ELEMENTS = 200000;

  @Type(() => Number) @IsInt() @Min(100)
  INTAKE_MAX_XML_ATTRIBUTES = 100000;

  /** Requests per minute per API key / client. */
  @Type(() => Number) @IsInt() @Min(1)
  RATE_LIMIT_PER_MINUTE = 6000;

  @IsString() @Matches(/^.{16,}$/, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET = 'local-development-secret-change-me';

  @Type(() => Number) @IsInt() @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  /** Run pending migrations when the app starts (on by default outside production). */
  @IsOptional() @IsIn(['true', 'false'])
  MIGRATE_ON_START: 'true' | 'false' = 'true';

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Worker: how many invoices are validated concurrently. */
  @Type(() => Number) @IsInt() @Min(1) @Max(256)
  WORKER_CONCURRENCY = 8;

  /** Reconciliation: how old (seconds) a received/validating invoice must be to be re-enqueued. */
  @Type(() => Number) @IsInt() @Min(1)
  RECONCILE_STALE_SECONDS = 30;

  @Type(() => Number) @IsInt() @Min(1)
  RECONCILE_EVERY_SECONDS = 15;

  /** Bearer token Prometheus sends to scrape /metrics; without it /metrics is open (refused in production). */
  @IsOptional() @IsString() @Matches(/^\S{24,}$/, { message: 'METRICS_TOKEN must be at least 24 characters without spaces' })
  METRICS_TOKEN?: string;

  /** Serve /metrics at all (false: 404). */
  @IsOptional() @IsIn(['true', 'false'])
  METRICS_ENABLED: 'true' | 'false' = 'true';

  /** Serve the OpenAPI pages at /docs and /docs/json; off in production unless set to true. */
  @IsOptional() @IsIn(['true', 'false'])
  DOCS_ENABLED?: 'true' | 'false';
}

/** Whether /docs is served: on by default outside production, off in production unless DOCS_ENABLED=true. */
export const docsEnabled = (cfg: EnvironmentVariables) => (cfg.DOCS_ENABLED ?? (cfg.NODE_ENV === 'production' ? 'false' : 'true')) === 'true';

/** Settings that are fine on a laptop but unsafe in production, as readable lines. */
export function internalSurfaceProblems(cfg: EnvironmentVariables): string[] {
  if (cfg.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (cfg.METRICS_ENABLED === 'true' && !cfg.METRICS_TOKEN) {
    problems.push('  METRICS_TOKEN: required in production to protect /metrics (or set METRICS_ENABLED=false)');
  }
  return problems;
}

export class ConfigError extends Error {}

/** Validates `process.env`-like input into a typed config, or throws one readable message. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(EnvironmentVariables, cleaned, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  const lines = [...errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`), ...(errors.length ? [] : internalSurfaceProblems(config))];
  if (lines.length) {
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
