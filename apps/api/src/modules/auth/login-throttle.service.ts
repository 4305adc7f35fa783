import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { ApiError } from '../../common/api-error';
import { LoginAttemptsRepository, LoginOutcome } from './login-attempts.repository';

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
    @Inject(LoginAttemptsRepository) private readonly attempts: LoginAttemptsRepository,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  /** Throws 429 when the email is locked or the address has failed too often; records the refusal. */
  async check(email: string, client: LoginClient): Promise<void> {
    const window = `${this.cfg.LOGIN_WINDOW_MINUTES} minutes`;
    const row = await this.attempts.counts(email, client.ip, window);
    const now = new Date(row.now).getTime();
    const windowMs = this.cfg.LOGIN_WINDOW_MINUTES * 60_000;
    if (row.ip_failures >= this.cfg.LOGIN_IP_MAX_FAILURES) {
      const retry = Math.max(1, Math.ceil((new Date(row.ip_oldest!).getTime() + windowMs - now) / 1000));
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
      const until = new Date(row.last_failure!).getTime() + lockMs;
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
    outcome: LoginOutcome,
    reason: string,
  ): Promise<string> {
    return this.attempts.record({
      email,
      userId,
      ip: client.ip,
      outcome,
      reason,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
  }

  async settle(id: string, userId: string | null, outcome: 'success' | 'failure', reason: string): Promise<void> {
    await this.attempts.settle(id, outcome, userId, reason);
  }
}

/** Emails compare trimmed, lower-cased and Unicode-normalised (NFKC). */
export const normaliseEmail = (email: string) => email.normalize('NFKC').trim().toLowerCase();
