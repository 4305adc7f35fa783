import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BREACH_BOOST, ExceptionRow, HELD_STATUSES, Sql, sqlStatusList } from '@app/triage';

const STALE = `e.assignee_id IS NOT NULL AND e.status IN (${sqlStatusList(HELD_STATUSES)})
  AND e.last_activity_at < $1::timestamptz - make_interval(mins => q.claim_timeout_minutes)`;

/** Rows per page when every pending timer is scheduled again. */
export const TIMER_PAGE_SIZE = 5000;

export type TimerRow = Pick<ExceptionRow, 'id' | 'sla_warn_at' | 'sla_due_at' | 'sla_warned_at' | 'sla_breached_at'>;

/** The SQL of the worker's clocks on exceptions: SLA warnings and breaches, and claims nobody works on. */
@Injectable()
export class ExceptionTimersRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Held items nobody touched for their queue's claim timeout, as of `now`. */
  staleClaims(now: Date, limit: number): Promise<{ id: string }[]> {
    return this.ds.query(
      `SELECT e.id FROM exceptions e JOIN review_queues q ON q.key = e.queue_key WHERE ${STALE} LIMIT $2`,
      [now, limit],
    );
  }

  /** The same test for one item, inside the transaction that releases it (it may have been touched since). */
  async isStaleClaim(em: Sql, id: string, now: Date): Promise<boolean> {
    const [still] = await em.query(
      `SELECT e.id FROM exceptions e JOIN review_queues q ON q.key = e.queue_key WHERE e.id = $2 AND ${STALE}`,
      [now, id],
    );
    return !!still;
  }

  async markWarned(em: Sql, id: string, now: Date): Promise<void> {
    await em.query(`UPDATE exceptions SET sla_warned_at = $2 WHERE id = $1`, [id, now]);
  }

  /** A breach also warns (if it had not), escalates, and lifts the item ahead of every item within its SLA. */
  async markBreached(em: Sql, id: string, now: Date): Promise<void> {
    await em.query(
      `UPDATE exceptions SET sla_breached_at = $2, sla_warned_at = COALESCE(sla_warned_at, $2), escalated_at = COALESCE(escalated_at, $2),
             priority = priority + $3 WHERE id = $1`,
      [id, now, BREACH_BOOST],
    );
  }

  /** Running, unpaused items whose warning or breach is due by `now` and has not fired. */
  dueTimers(now: Date, limit: number): Promise<{ id: string; warn: boolean; breach: boolean }[]> {
    return this.ds.query(
      `SELECT id, (sla_warned_at IS NULL AND sla_warn_at <= $1) AS warn, (sla_due_at <= $1) AS breach FROM exceptions
       WHERE sla_breached_at IS NULL AND sla_paused_at IS NULL AND status NOT IN ('resolved','superseded') AND (sla_due_at <= $1 OR (sla_warned_at IS NULL AND sla_warn_at <= $1))
       LIMIT $2`,
      [now, limit],
    );
  }

  /**
   * How many timer jobs should be waiting: one per item whose breach is still ahead of `now` (its next
   * timer, the warning or the breach: a warning is never after its breach).
   */
  async expectedTimers(now: Date): Promise<number> {
    const [{ expected }] = await this.ds.query(
      `SELECT count(*)::int AS expected
       FROM exceptions WHERE sla_breached_at IS NULL AND sla_paused_at IS NULL AND sla_due_at > $1 AND status NOT IN ('resolved','superseded')`,
      [now],
    );
    return expected;
  }

  /** One page (by id) of the items whose breach is still ahead of `now`, with their timer instants. */
  pendingTimers(now: Date, offset: number): Promise<TimerRow[]> {
    return this.ds.query(
      `SELECT id, sla_warn_at, sla_due_at, sla_warned_at, sla_breached_at FROM exceptions
         WHERE sla_breached_at IS NULL AND sla_paused_at IS NULL AND sla_due_at > $1 AND status NOT IN ('resolved','superseded') ORDER BY id LIMIT ${TIMER_PAGE_SIZE} OFFSET $2`,
      [now, offset],
    );
  }
}
