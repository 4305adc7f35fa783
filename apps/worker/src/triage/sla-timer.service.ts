import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit, SYSTEM } from '@app/persistence';
import { jobIds, JobProducer, QueueName } from '@app/queueing';
import { isClosed, lockException, TriageClock } from '@app/triage';
import { ExceptionTimersRepository, TimerRow } from './exception-timers.repository';

export type SlaKind = 'sla-warning' | 'sla-breach';

/**
 * SLA warning and breach: delayed jobs, fired at most once each (the row is the guard). One timer per
 * item at a time: routing schedules the next one (the warning, or the breach when there is no warning
 * ahead), and a fired warning schedules the breach. Each timer is a BullMQ script of a dozen Redis
 * commands: two per item were most of Redis's work under intake.
 */
@Injectable()
export class SlaTimerService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(ExceptionTimersRepository) private readonly repo: ExceptionTimersRepository,
  ) {}

  /** Enqueues the next pending timer of each item (deterministic ids: scheduling twice is one job). */
  async schedule(rows: TimerRow[]): Promise<number> {
    const now = this.clock.now().getTime();
    const jobs = rows
      .map((r) =>
        r.sla_breached_at
          ? null
          : r.sla_warn_at && !r.sla_warned_at
            ? { id: r.id, kind: 'sla-warning' as const, at: new Date(r.sla_warn_at) }
            : r.sla_due_at
              ? { id: r.id, kind: 'sla-breach' as const, at: new Date(r.sla_due_at) }
              : null,
      )
      .filter((j): j is { id: string; kind: SlaKind; at: Date } => !!j);
    for (let i = 0; i < jobs.length; i += 1000) {
      await this.producer.addBulk(
        QueueName.ExceptionTimers,
        jobs.slice(i, i + 1000).map((j) => ({
          name: j.kind,
          data: { exceptionId: j.id, dueAt: j.at.toISOString() },
          opts: { jobId: jobIds.timer(j.id, j.kind, j.at), delay: Math.max(0, j.at.getTime() - now) },
        })),
      );
    }
    return jobs.length;
  }

  /**
   * Fires one timer if it is due by the triage clock and has not fired yet. A breach escalates: the
   * item is marked escalated and jumps ahead of every item still within its SLA.
   */
  async fire(exceptionId: string, kind: SlaKind): Promise<'fired' | 'not-due' | 'done'> {
    const now = this.clock.now();
    let next: TimerRow | undefined;
    const outcome = await this.ds.transaction(async (em): Promise<'fired' | 'not-due' | 'done'> => {
      const row = await lockException(em, exceptionId);
      // A paused item's timers are void: its resume plans new instants and schedules new timers.
      if (!row || isClosed(row.status) || row.sla_paused_at) return 'done';
      const warning = kind === 'sla-warning';
      const at = warning ? row.sla_warn_at : row.sla_due_at;
      if ((warning ? row.sla_warned_at : row.sla_breached_at) || !at) return 'done';
      if (new Date(at) > now) return 'not-due';
      if (warning) await this.repo.markWarned(em, row.id, now);
      else await this.repo.markBreached(em, row.id, now);
      await recordAudit(em, {
        aggregateType: 'exception',
        aggregateId: row.id,
        action: warning ? 'sla_warning' : 'sla_breached',
        fromState: row.status,
        toState: row.status,
        actor: SYSTEM,
        reason: warning
          ? `at risk: SLA due ${new Date(row.sla_due_at!).toISOString()}`
          : 'SLA breached: escalated to managers',
        data: { dueAt: row.sla_due_at, assigneeId: row.assignee_id, queue: row.queue_key },
      });
      if (warning)
        next = {
          id: row.id,
          sla_warn_at: row.sla_warn_at,
          sla_due_at: row.sla_due_at,
          sla_warned_at: now,
          sla_breached_at: null,
        };
      return 'fired';
    });
    // The breach, once the warning is recorded (if this enqueue is lost, reconciliation finds fewer timers
    // waiting than items expecting one, and schedules them again).
    if (next) await this.schedule([next]);
    return outcome;
  }

  /** Fires every timer that is due by the clock (after a Redis flush, or when the clock jumped). */
  async fireDue(limit = 5000): Promise<number> {
    const now = this.clock.now();
    const due = await this.repo.dueTimers(now, limit);
    let fired = 0;
    for (const d of due) {
      if (d.warn && (await this.fire(d.id, 'sla-warning')) === 'fired') fired++;
      if (d.breach && (await this.fire(d.id, 'sla-breach')) === 'fired') fired++;
    }
    return fired;
  }
}
