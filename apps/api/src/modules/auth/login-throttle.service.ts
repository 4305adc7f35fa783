import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { ApiError } from '../../common/api-error';

export interface LoginClient {
  ip: string;
  userAgent?: string;
}

/** First lock after LOGIN_MAX_FAILURES failures: 30 s, doubling with every further failure, at most the window. */
const FIRST_LOCK_SECONDS = 30;

/**
 * Sign-in limits kept in PostgreSQL (`login_attempts`), so every API instance sees the same counts:
 * - per normalised email (known or not, so a lock reveals nothing): after LOGIN_MAX_FAILURES failures
 *   within LOGIN_WINDOW_MINUTES since the last success, the account is locked with exponential backoff;
 * - per client address (the socket peer, or X-Forwarded-For only from TRUSTED_PROXIES): at most
 *   LOGIN_IP_MAX_FAILURES failures within the window (password spraying over many emails).
 * Neither depends on any header a client chooses (X-Api-Key, or X-Forwarded-For from an untrusted peer).
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  /** Throws 429 when the email is locked or the address has failed too often; records the refusal. */
  async check(email: string, client: LoginClient): Promise<void> {
    const window = `${this.cfg.LOGIN_WINDOW_MINUTES} minutes`;
    const [row] = await this.ds.query(
      `WITH last_ok AS (SELECT max(attempted_at) AS at FROM login_attempts WHERE email = $1 AND outcome = 'success' AND attempted_at > now() - $3::interval)
       SELECT
         (SELECT count(*)::int FROM login_attempts WHERE email = $1 AND outcome = 'failure' AND attempted_at > now() - $3::interval
            AND attempted_at > COALESCE((SELECT at FROM last_ok), '-infinity')) AS email_failures,
         (SELECT max(attempted_at) FROM login_attempts WHERE email = $1 AND outcome = 'failure' AND attempted_at > now() - $3::interval) AS last_failure,
         (SELECT count(*)::int FROM login_attempts WHERE ip = $2 AND outcome = 'failure' AND attempted_at > now() - $3::interval) AS ip_failures,
         (SELECT min(attempted_at) FROM login_attempts WHERE ip = $2 AND outcome = 'failure' AND attempted_at > now() - $3::interval) AS ip_oldest,
         clock_timestamp() AS now`,
      [email, client.ip, window],
    );
    const now = new Date(row.now).getTime();
    const windowMs = this.cfg.LOGIN_WINDOW_MINUTES * 60_000;
    if (row.ip_failures >= this.cfg.LOGIN_IP_MAX_FAILURES) {
      const retry = Math.max(1, Math.ceil((new Date(row.ip_oldest).getTime() + windowMs - now) / 1000));
      await this.record(email, null, client, 'throttled', 'too many failed sign-ins from this address');
      throw new ApiError(
        429,
        'LOGIN_RATE_LIMITED',
        `Too many failed sign-ins from this address; try again in ${retry} s`,
        [],
        { 'Retry-After': String(retry) },
      );
    }
    const over = row.email_failures - this.cfg.LOGIN_MAX_FAILURES;
    if (over >= 0) {
      const lockMs = Math.min(FIRST_LOCK_SECONDS * 1000 * 2 ** Math.min(over, 20), windowMs);
      const until = new Date(row.last_failure).getTime() + lockMs;
      if (until > now) {
        const retry = Math.max(1, Math.ceil((until - now) / 1000));
        await this.record(email, null, client, 'locked', `${row.email_failures} failed sign-ins`);
        throw new ApiError(
          429,
          'LOGIN_LOCKED',
          `Too many failed sign-ins for this account; try again in ${retry} s`,
          [],
          { 'Retry-After': String(retry) },
        );
      }
    }
  }

  /** Writes one audited attempt and returns its id (a pending attempt is written as a failure first). */
  async record(
    email: string,
    userId: string | null,
    client: LoginClient,
    outcome: 'success' | 'failure' | 'locked' | 'throttled',
    reason: string,
  ): Promise<string> {
    const [row] = await this.ds.query(
      `INSERT INTO login_attempts (email, user_id, ip, outcome, reason, user_agent) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
      [email, userId, client.ip, outcome, reason, client.userAgent?.slice(0, 300) ?? null],
    );
    return row.id;
  }

  async settle(id: string, userId: string | null, outcome: 'success' | 'failure', reason: string): Promise<void> {
    await this.ds.query(`UPDATE login_attempts SET outcome = $2, user_id = $3, reason = $4 WHERE id = $1`, [
      id,
      outcome,
      userId,
      reason,
    ]);
  }
}

/** Emails compare trimmed, lower-cased and Unicode-normalised (NFKC). */
export const normaliseEmail = (email: string) => email.normalize('NFKC').trim().toLowerCase();
