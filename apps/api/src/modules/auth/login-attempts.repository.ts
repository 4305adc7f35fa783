import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type LoginOutcome = 'success' | 'failure' | 'locked' | 'throttled';

/** Failed sign-ins within a window, per normalised email and per client address, and the database's clock. */
export interface LoginAttemptCounts {
  email_failures: number;
  last_failure: Date | null;
  ip_failures: number;
  ip_oldest: Date | null;
  now: Date;
}

/** The SQL of sign-in attempts (`login_attempts`), which every API instance counts alike. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** `window` is a PostgreSQL interval ('15 minutes'); an email's failures count from its last success. */
  async counts(email: string, ip: string, window: string): Promise<LoginAttemptCounts> {
    const [row] = await this.ds.query(
      `WITH last_ok AS (SELECT max(attempted_at) AS at FROM login_attempts WHERE email = $1 AND outcome = 'success' AND attempted_at > now() - $3::interval)
       SELECT
         (SELECT count(*)::int FROM login_attempts WHERE email = $1 AND outcome = 'failure' AND attempted_at > now() - $3::interval
            AND attempted_at > COALESCE((SELECT at FROM last_ok), '-infinity')) AS email_failures,
         (SELECT max(attempted_at) FROM login_attempts WHERE email = $1 AND outcome = 'failure' AND attempted_at > now() - $3::interval) AS last_failure,
         (SELECT count(*)::int FROM login_attempts WHERE ip = $2 AND outcome = 'failure' AND attempted_at > now() - $3::interval) AS ip_failures,
         (SELECT min(attempted_at) FROM login_attempts WHERE ip = $2 AND outcome = 'failure' AND attempted_at > now() - $3::interval) AS ip_oldest,
         clock_timestamp() AS now`,
      [email, ip, window],
    );
    return row;
  }

  /** Writes one attempt and returns its id. */
  async record(a: {
    email: string;
    userId: string | null;
    ip: string;
    outcome: LoginOutcome;
    reason: string;
    userAgent: string | null;
  }): Promise<string> {
    const [row] = await this.ds.query(
      `INSERT INTO login_attempts (email, user_id, ip, outcome, reason, user_agent) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
      [a.email, a.userId, a.ip, a.outcome, a.reason, a.userAgent],
    );
    return row.id;
  }

  async settle(id: string, outcome: 'success' | 'failure', userId: string | null, reason: string): Promise<void> {
    await this.ds.query(`UPDATE login_attempts SET outcome = $2, user_id = $3, reason = $4 WHERE id = $1`, [
      id,
      outcome,
      userId,
      reason,
    ]);
  }
}
