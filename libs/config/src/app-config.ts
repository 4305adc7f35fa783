import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, validateSync } from 'class-validator';

/** The local-development default; refused in production like every other published secret. */
export const LOCAL_JWT_SECRET = 'local-development-secret-change-me';

/** Secrets that were ever published with this code (defaults, examples, compose fallbacks). */
const KNOWN_SECRETS = new Set([LOCAL_JWT_SECRET, 'change-this-secret-in-production', 'changeme', 'secret']);

/** Environment variables, validated once at start-up. Defaults suit a local machine. */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

  /** PostgreSQL schema the app works in (tests use a throwaway one). */
  @IsString()
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA = 'public';

  /**
   * PostgreSQL connections this process may hold (its pool's size). Every API and worker process holds
   * up to this many, so their sum must fit the server's max_connections (100 by default) beside what
   * else connects: two APIs and two workers at 20 already take 80. A connection the server refuses is
   * answered 503 DATABASE_BUSY, not lost work.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  /**
   * Whether a parameterized statement this process runs again is sent as a named prepared statement
   * (parsed, and after a few runs planned, once per connection). Turn off only behind a pooler in
   * transaction mode that does not track protocol-level prepared statements (PgBouncer before 1.21, or
   * with max_prepared_statements = 0): there a statement prepared on one server connection is missing on the next.
   */
  @IsOptional()
  @IsIn(['true', 'false'])
  DATABASE_PREPARED_STATEMENTS: 'true' | 'false' = 'true';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Key prefix of every BullMQ queue, so that runs and environments never collide. */
  @IsString()
  @Matches(/^[A-Za-z0-9_:-]+$/)
  QUEUE_PREFIX = 'triage';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '127.0.0.1';

  /** Largest accepted request body in bytes (XML invoices with attachments can be a few MB). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 12 * 1024 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  BATCH_MAX_INVOICES = 1000;

  /** Deepest nesting of arrays/objects in a JSON body (a canonical invoice needs 5). */
  @Type(() => Number)
  @IsInt()
  @Min(8)
  @Max(256)
  JSON_MAX_DEPTH = 32;

  /** Intake limits per invoice, checked before the invoice is read field by field (the DTO caps them at 10,000 and 50). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  INTAKE_MAX_LINES = 10000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(50)
  INTAKE_MAX_ALLOWANCES_PER_LINE = 50;

  /** XML documents: elements and attributes are counted by a cheap scan before the document is parsed. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  INTAKE_MAX_XML_ELEMENTS = 200000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  INTAKE_MAX_XML_ATTRIBUTES = 100000;

  /** Late-payment risk per day an invoice is resolved after its due date, as a share of its amount (0.0005 = 0.05 %). */
  @Matches(/^0(\.\d{1,8})?$/, { message: 'LATE_PAYMENT_DAILY_RATE must be a decimal below 1 such as 0.0005' })
  LATE_PAYMENT_DAILY_RATE = '0.0005';

  /** Posted invoices larger than this are parsed and validated on worker threads, off the API's event loop. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  INTAKE_INLINE_MAX_BYTES = 256 * 1024;

  /** Worker threads for big invoices (0: read every body on the event loop). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(16)
  INTAKE_PARSE_THREADS = 1;

  /**
   * Heap limit of one intake parse thread (MB). A body whose reading needs more is refused with 413
   * INTAKE_TOO_COMPLEX instead of taking the API's memory (the process's own `--max-old-space-size` stays on
   * its main thread: keepHeapCapOnMainThread).
   */
  @Type(() => Number)
  @IsInt()
  @Min(64)
  @Max(16384)
  INTAKE_PARSE_THREAD_MEMORY_MB = 1024;

  /**
   * Intake admission: the request bodies (bytes, by Content-Length) that POST /v1/invoices and
   * /v1/invoices/batch read, parse and store at once. A request that would go over waits its turn (first
   * come, first served) before its body is read, so the API's memory stays bounded whatever the
   * integrations send together; a body bigger than the budget is admitted alone.
   */
  @Type(() => Number)
  @IsInt()
  @Min(64 * 1024)
  INTAKE_BYTES_IN_FLIGHT = 16 * 1024 * 1024;

  /** How long a request waits for intake admission before 503 INTAKE_BUSY (with Retry-After). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  INTAKE_ADMISSION_WAIT_MS = 30_000;

  /**
   * Requests per minute per integration key: 60,000 (1,000 a second) so that a month-end burst of single
   * POSTs is not capped far below what intake takes (a batch of 1,000 invoices is one request).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 60000;

  /** Requests per minute per staff session (each reviewer their own bucket, wherever they sit). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  STAFF_RATE_LIMIT_PER_MINUTE = 3000;

  /** Requests per minute per client address without credentials (pages, health, sign-in routes). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  ADDRESS_RATE_LIMIT_PER_MINUTE = 6000;

  /** HS256 key of staff tokens. Production needs 32 random bytes (e.g. `openssl rand -base64 32`). */
  @IsString()
  @Matches(/^.{16,}$/, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET = LOCAL_JWT_SECRET;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(24 * 3600)
  JWT_TTL_SECONDS = 8 * 3600;

  /** `iss` and `aud` of staff tokens; a token minted for another service or environment is refused. */
  @IsString()
  @Length(1, 200)
  JWT_ISSUER = 'invoice-triage';

  @IsString()
  @Length(1, 200)
  JWT_AUDIENCE = 'invoice-triage-staff';

  /**
   * Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed
   * (e.g. `10.0.0.0/8,127.0.0.1`). Empty: trust none, the client address is the socket's peer.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-fA-F.:/, ]*$/, { message: 'TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges' })
  TRUSTED_PROXIES = '';

  /** Failed sign-ins for one (normalised) email before the account is locked with growing backoff. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES = 5;

  /** Failed sign-ins from one client address within LOGIN_WINDOW_MINUTES before that address is refused. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_IP_MAX_FAILURES = 50;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_WINDOW_MINUTES = 15;

  /** Sign-in requests (any outcome) per client address per minute, before any password is checked. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_REQUESTS_PER_MINUTE = 30;

  /** argon2id cost of new password hashes (OWASP: at least 19 MiB with 2 passes; tests use less to stay fast). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(4 * 1024 * 1024)
  ARGON2_MEMORY_KIB = 65536;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  ARGON2_TIME_COST = 3;

  /** How long an invitation link (set your own password) stays valid. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  INVITATION_TTL_HOURS = 72;

  /** Run pending migrations when the app starts (on by default outside production). */
  @IsOptional()
  @IsIn(['true', 'false'])
  MIGRATE_ON_START: 'true' | 'false' = 'true';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Worker: how many invoices are validated concurrently. The jobs in flight are what a step's group
   * (start, supplier context, verdict) is made of, and a group costs the same few statements whatever its
   * size: more in flight is fewer statements per invoice (the rules still run on VALIDATION_THREADS), and
   * the rules threads do not wait while a group is at the database. 96 rather than 32: batch intake end to
   * end 918 and 970 -> 1,243 and 1,268 invoices/s (`BENCH_PARTS=intake npm run bench`, alternated runs).
   * What their documents may hold is bounded separately (VALIDATION_INFLIGHT_MB).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY = 96;

  /**
   * Worker: the documents (canonical JSON, and the XML when it is read again) its invoices in validation
   * may hold, in MiB. Typical invoices of a few kilobytes go WORKER_CONCURRENCY at a time; big ones a few
   * at a time (one larger than this alone), so memory follows the bytes in flight, not the count.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4096)
  VALIDATION_INFLIGHT_MB = 48;

  /**
   * API: how many review/next claims run against PostgreSQL at once per process (about four per core); the
   * others wait in arrival order. Concurrent claims walk the same top of the claim order past each other's
   * locked rows, so beyond a few per core they add contention, not throughput: bursts of 200 claims over 40
   * connections took 403-988 ms all at once, 310-452 ms admitted 8 at a time, 341-620 ms 4 at a time (5
   * alternated rounds, one process, 60,000 open items).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  CLAIM_CONCURRENCY = 8;

  /**
   * API: how long (ms) single POSTs' committed invoices may wait to be handed to the validation queue together
   * (DispatchCoalescer: a job of VALIDATION_GROUP_SIZE at once, the rest after this long). 0 hands each group
   * commit's invoices on before its requests are answered, in jobs as small as the group (~16 at 450/s), and
   * the worker pays a job's Redis scripts, statements and commits for each. Single POSTs end to end,
   * alternated `BENCH_PARTS=intake npm run bench` runs of one build: 0 -> 446 and 413/s, CPU per invoice 3.8
   * and 3.9 ms; 50 -> 459 and 541/s, 3.4 and 3.0 ms (worker 1.1 -> 0.8-0.9, PostgreSQL 1.4 -> 1.1-1.2 ms).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  INTAKE_DISPATCH_LINGER_MS = 50;

  /** Worker: how many routing (and reviewer fill) jobs run concurrently; routing plans its jobs in groups too. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  ROUTE_CONCURRENCY = 32;

  /** Worker: how many SLA and claim timers fire concurrently. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  TIMER_CONCURRENCY = 8;

  /** Reconciliation: how old (seconds) a received/validating invoice must be to be re-enqueued. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RECONCILE_STALE_SECONDS = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RECONCILE_EVERY_SECONDS = 15;

  /**
   * Worker: how long (hours) an outbox record is kept once it is dispatched (for tracing a hand-over to the
   * queue); older ones are deleted every 10 minutes. Pending records are never deleted.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8760)
  OUTBOX_RETENTION_HOURS = 168;

  /** Webhooks may target http://localhost and private addresses (default: outside production only). */
  @IsOptional()
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_LOCAL?: 'true' | 'false';

  /** Webhooks: time allowed for one delivery (connect, send, answer), ms. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Webhooks: bytes of a receiver's answer read at most (the rest is cut off). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_048_576)
  WEBHOOK_MAX_RESPONSE_BYTES = 16_384;

  /** Webhooks: attempts per delivery before it is marked failed (re-deliverable by hand). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOK_MAX_ATTEMPTS = 10;

  /** Webhooks: first retry delay (ms); doubles with each attempt. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  WEBHOOK_BACKOFF_MS = 5_000;

  /** Webhooks: how often the worker moves new webhook events to the delivery queue (ms). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  WEBHOOK_DISPATCH_EVERY_MS = 1_000;

  /** Bearer token Prometheus sends to scrape /metrics; without it /metrics is open (refused in production). */
  @IsOptional()
  @IsString()
  @Matches(/^\S{24,}$/, { message: 'METRICS_TOKEN must be at least 24 characters without spaces' })
  METRICS_TOKEN?: string;

  /** Serve /metrics at all (false: 404). */
  @IsOptional()
  @IsIn(['true', 'false'])
  METRICS_ENABLED: 'true' | 'false' = 'true';

  /** Serve the OpenAPI pages at /docs and /docs/json; off in production unless set to true. */
  @IsOptional()
  @IsIn(['true', 'false'])
  DOCS_ENABLED?: 'true' | 'false';

  /** Worker: findings kept per rule per invoice (the first N with their paths); the rest are counted. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  FINDINGS_PER_RULE_MAX = 50;

  /** Worker: wall-clock budget of the rules on one invoice (ms); over it the invoice goes to `failed`. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  VALIDATION_TIME_BUDGET_MS = 60_000;

  /** Worker: attempts (counted in PostgreSQL) before an invoice whose validation keeps failing goes to `failed`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  VALIDATION_MAX_ATTEMPTS = 5;

  /** Worker: routing attempts of one item (counted in PostgreSQL) before its invoice goes to `failed`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  ROUTING_MAX_ATTEMPTS = 5;

  /** Worker: threads that run the rules, off the event loop. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  VALIDATION_THREADS = 2;

  /**
   * Worker: a document (canonical JSON plus raw XML) of at most this many characters is validated on the
   * worker's own thread: handing it to a rules thread (copying it there, waking the thread, copying the
   * findings back) costs more than its rules. Bigger ones go to the threads, under the time budget. 0: always a thread.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  VALIDATION_INLINE_MAX_CHARS = 16 * 1024;

  /** Worker: heap limit of one rules thread (MB); a document that needs more fails instead of the process. */
  @Type(() => Number)
  @IsInt()
  @Min(64)
  @Max(16384)
  VALIDATION_THREAD_MEMORY_MB = 1024;

  /** Worker: how often it writes its heartbeat (event-loop lag, last completed job) for /metrics. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(300_000)
  WORKER_HEARTBEAT_MS = 5000;

  /** Health: /health/pipeline (and /health/ready) is unhealthy when an invoice waits longer than this for validation. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PIPELINE_STALE_AFTER_SECONDS = 300;
}

/** Whether webhooks may target localhost and private addresses: WEBHOOK_ALLOW_LOCAL, else outside production. */
export const webhooksAllowLocal = (cfg: EnvironmentVariables) =>
  (cfg.WEBHOOK_ALLOW_LOCAL ?? (cfg.NODE_ENV === 'production' ? 'false' : 'true')) === 'true';

/** Whether /docs is served: on by default outside production, off in production unless DOCS_ENABLED=true. */
export const docsEnabled = (cfg: EnvironmentVariables) =>
  (cfg.DOCS_ENABLED ?? (cfg.NODE_ENV === 'production' ? 'false' : 'true')) === 'true';

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
  const config = plainToInstance(EnvironmentVariables, cleaned, {
    enableImplicitConversion: false,
    exposeDefaultValues: true,
  });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  const lines = [
    ...errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    ...(errors.length ? [] : internalSurfaceProblems(config)),
  ];
  if (config.NODE_ENV === 'production') lines.push(...productionProblems(config, cleaned));
  if (lines.length) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  return config;
}

/**
 * What production refuses: a known or weak JWT secret (it must carry at least 32 random bytes) and any
 * demo credential (DEMO_* variables only belong to a local demo start).
 */
function productionProblems(config: EnvironmentVariables, raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  const secret = config.JWT_SECRET ?? '';
  if (KNOWN_SECRETS.has(secret.trim().toLowerCase()) || KNOWN_SECRETS.has(secret)) {
    out.push('  JWT_SECRET: is a known default; set 32 random bytes, e.g. `openssl rand -base64 32`');
  } else if (!carries256Bits(secret)) {
    out.push(
      '  JWT_SECRET: must carry at least 32 random bytes in production (e.g. `openssl rand -base64 32` or 64 hex digits)',
    );
  }
  if (config.ARGON2_MEMORY_KIB < 19456 || config.ARGON2_TIME_COST < 2) {
    out.push('  ARGON2_MEMORY_KIB / ARGON2_TIME_COST: production needs at least 19456 KiB and 2 passes');
  }
  for (const name of Object.keys(raw)
    .filter((k) => k.startsWith('DEMO_'))
    .sort()) {
    out.push(`  ${name}: demo credentials are refused in production; unset it`);
  }
  return out;
}

/**
 * A secret of 32 random bytes written as hex (64 digits) or base64 (43+ characters) has at least that
 * length and looks random: its character entropy estimate is high. Repeated or word-like strings fail.
 */
export function carries256Bits(secret: string): boolean {
  const hex = /^[0-9a-fA-F]+$/.test(secret);
  if (secret.length < (hex ? 64 : 43)) return false;
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const n of counts.values()) bitsPerChar -= (n / secret.length) * Math.log2(n / secret.length);
  // Random hex has ~3.9 bits/char, random base64 ~5; a repeated or patterned string far less.
  return bitsPerChar * secret.length >= 180 && counts.size >= (hex ? 12 : 20);
}

/**
 * argon2id options for new password hashes, from ARGON2_MEMORY_KIB / ARGON2_TIME_COST (defaults: 64 MiB,
 * 3 passes). Used by sign-in's dummy hash too, so unknown emails cost what a stored hash costs.
 */
export function argon2Options(env: Record<string, string | undefined> = process.env): {
  type: 2;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
} {
  const memoryCost = Number(env.ARGON2_MEMORY_KIB) || 65536;
  const timeCost = Number(env.ARGON2_TIME_COST) || 3;
  return { type: 2, memoryCost, timeCost, parallelism: 4 };
}
