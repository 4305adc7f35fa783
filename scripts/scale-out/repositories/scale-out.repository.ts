import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

type WorkingHours = { days: number[]; start: string; end: string; holidays: string[] };

/** The SQL of the scale-out run: its timed queue and round-the-clock reviewers, and the checks at the end. */
@Injectable()
export class ScaleOutRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The bank-account queue warns 3 s into a one-minute SLA, at any hour (`hours`, UTC). */
  async timeBankAccountQueue(hours: WorkingHours): Promise<void> {
    await this.ds.query(
      `UPDATE review_queues SET sla_minutes = 1, warn_at_share = 0.05, calendar = $1, time_zone = 'UTC' WHERE key = 'supplier.bank-account'`,
      [JSON.stringify(hours)],
    );
  }

  async setWorkingHours(reviewerId: string, hours: WorkingHours): Promise<void> {
    await this.ds.query(`UPDATE reviewers SET working_hours = $2 WHERE id = $1`, [reviewerId, JSON.stringify(hours)]);
  }

  /** The latest SLA warning time of any exception (null without exceptions). */
  async lastWarningAt(): Promise<Date | null> {
    const [{ last }] = await this.ds.query(`SELECT max(sla_warn_at) AS last FROM exceptions`);
    return last;
  }

  /** Of these invoices: those with more than one validation verdict, and those with none. */
  async verdicts(ids: string[]): Promise<{ twice: number; none: number }> {
    const [v] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE n > 1)::int AS twice, count(*) FILTER (WHERE n = 0)::int AS none
       FROM (SELECT i.id, (SELECT count(*) FROM audit_events a WHERE a.aggregate_type = 'invoice' AND a.aggregate_id = i.id
                             AND a.action LIKE 'validated_%') AS n
             FROM invoices i WHERE i.id = ANY($1::uuid[])) x`,
      [ids],
    );
    return v;
  }

  /** Items taken (into a held state, from a state that is not held) while their last recorded state was held. */
  async heldTwice(): Promise<number> {
    const [held] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE to_state IN ('assigned','second_review') AND from_state NOT IN ('assigned','second_review')
                                 AND prev IN ('assigned','second_review'))::int AS twice
       FROM (SELECT from_state, to_state, lag(to_state) OVER (PARTITION BY aggregate_id ORDER BY id) AS prev
             FROM audit_events WHERE aggregate_type = 'exception') x`,
    );
    return held.twice;
  }

  async resolvedTwice(): Promise<number> {
    const [resolved] = await this.ds.query(
      `SELECT count(*)::int AS twice FROM (SELECT aggregate_id FROM audit_events WHERE aggregate_type = 'exception'
         AND to_state = 'resolved' GROUP BY 1 HAVING count(*) > 1) x`,
    );
    return resolved.twice;
  }

  /** SLA warnings due (2 s margin), due but never fired, and fired more than once. */
  async warnings(): Promise<{ due: number; lost: number; twice: number }> {
    const [timers] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE due)::int AS due, count(*) FILTER (WHERE due AND warned IS NULL)::int AS lost,
              count(*) FILTER (WHERE fired > 1)::int AS twice
       FROM (SELECT e.sla_warned_at AS warned,
                    e.sla_warn_at < now() - interval '2 seconds'
                      AND (e.resolved_at IS NULL OR e.resolved_at > e.sla_warn_at + interval '2 seconds') AS due,
                    (SELECT count(*) FROM audit_events a WHERE a.aggregate_type = 'exception' AND a.aggregate_id = e.id
                       AND a.action = 'sla_warning') AS fired
             FROM exceptions e) x`,
    );
    return timers;
  }
}
