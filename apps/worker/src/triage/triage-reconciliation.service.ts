import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobProducer, QueueName, ROUTE_REASONS, jobIds } from '@app/queueing';
import {
  AVAILABLE_NOW_SQL,
  CLAIMABLE_STATUSES,
  finalizeInvoiceIfDone,
  HELD_STATUSES,
  reopenAfterRevalidation,
  SKILLS_MATCH_SQL,
  sqlStatusList,
  SYSTEM_FAILED_QUEUE,
  TriageClock,
} from '@app/triage';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { SYSTEM } from '@app/persistence';
import { SlaTimerService } from './sla-timer.service';
import { TriageRoutingService } from './triage-routing.service';

export interface TriageReconcileResult {
  rerouted: number;
  timersScheduled: number;
  timersFired: number;
  filled: number;
  invoicesSettled: number;
}

/**
 * PostgreSQL is the record of every queue: an item waits when it is open and unassigned. What Redis
 * carries (routing jobs, SLA timers) is rebuilt from it here, with deterministic job ids, so a Redis
 * flush loses nothing and running this twice duplicates nothing.
 */
@Injectable()
export class TriageReconciliationService {
  private readonly logger = new Logger('TriageReconciliation');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(SlaTimerService) private readonly timers: SlaTimerService,
    @Inject(TriageRoutingService) private readonly routing: TriageRoutingService,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  async reconcile(): Promise<TriageReconcileResult> {
    const result = {
      rerouted: await this.rerouteUnplanned(),
      timersFired: await this.timers.fireDue(),
      timersScheduled: await this.restoreTimers(),
      filled: await this.fillAvailableReviewers(),
      invoicesSettled: await this.settleInvoices(),
    };
    if (Object.values(result).some(Boolean)) this.logger.log(`reconciled ${JSON.stringify(result)}`);
    return result;
  }

  /**
   * Items that never got their routing step (the job was lost or failed for good). Never one whose
   * routing attempts are used up, nor the items of a failed invoice (except its system.failed item):
   * those wait for an admin's retry instead of looping.
   */
  private async rerouteUnplanned(): Promise<number> {
    const rows: { id: string; version: number }[] = await this.ds.query(
      `SELECT e.id, e.version FROM exceptions e JOIN invoices i ON i.id = e.invoice_id
       WHERE e.status IN (${sqlStatusList(CLAIMABLE_STATUSES)}) AND e.sla_due_at IS NULL
         AND e.route_attempts < $1 AND (i.status <> 'failed' OR e.route_key = $2) LIMIT 5000`,
      [this.cfg.ROUTING_MAX_ATTEMPTS, SYSTEM_FAILED_QUEUE],
    );
    let n = 0;
    for (const r of rows) {
      if (
        await this.producer.addUnlessPending(
          QueueName.ExceptionRoute,
          'route',
          { exceptionId: r.id, reason: ROUTE_REASONS.reconcile },
          jobIds.route(r.id, `reconcile-${r.version}`),
        )
      )
        n++;
    }
    return n;
  }

  /** Timer jobs vanish with Redis; when fewer are waiting than PostgreSQL expects, schedule them all again. */
  private async restoreTimers(): Promise<number> {
    const now = this.clock.now();
    const [{ expected }] = await this.ds.query(
      `SELECT (count(*) FILTER (WHERE sla_warned_at IS NULL AND sla_warn_at > $1) + count(*) FILTER (WHERE sla_due_at > $1))::int AS expected
       FROM exceptions WHERE sla_breached_at IS NULL AND sla_paused_at IS NULL AND sla_due_at IS NOT NULL AND status NOT IN ('resolved','superseded')`,
      [now],
    );
    const counts = await this.producer.queue(QueueName.ExceptionTimers).getJobCounts('delayed', 'waiting', 'active');
    if (counts.delayed + counts.waiting + counts.active >= expected) return 0;
    let scheduled = 0;
    for (let offset = 0; ; offset += 5000) {
      const rows = await this.ds.query(
        `SELECT id, sla_warn_at, sla_due_at, sla_warned_at, sla_breached_at FROM exceptions
         WHERE sla_breached_at IS NULL AND sla_paused_at IS NULL AND sla_due_at > $1 AND status NOT IN ('resolved','superseded') ORDER BY id LIMIT 5000 OFFSET $2`,
        [now, offset],
      );
      scheduled += await this.timers.schedule(rows);
      if (rows.length < 5000) break;
    }
    return scheduled;
  }

  /** Reviewers who are available with free capacity while work they may take is waiting. */
  private async fillAvailableReviewers(): Promise<number> {
    const now = this.clock.now();
    const reviewers: { id: string }[] = await this.ds.query(
      `SELECT r.id FROM reviewers r JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL
       WHERE ${AVAILABLE_NOW_SQL('$1')}
         AND (SELECT count(*) FROM exceptions x WHERE x.assignee_id = r.id AND x.status IN (${sqlStatusList(HELD_STATUSES)})) < r.capacity
         AND EXISTS (SELECT 1 FROM review_queues q JOIN exceptions e ON e.queue_key = q.key
                     WHERE ${SKILLS_MATCH_SQL} AND e.status IN (${sqlStatusList(CLAIMABLE_STATUSES)}) AND e.assignee_id IS NULL
                       AND e.first_approver_id IS DISTINCT FROM r.id)
       ORDER BY r.last_assigned_at NULLS FIRST`,
      [now],
    );
    let filled = 0;
    for (const r of reviewers) filled += (await this.routing.fill(r.id)).length;
    return filled;
  }

  /** In-review invoices without an active item: reopen what a re-validation still finds, or finish them. */
  private async settleInvoices(): Promise<number> {
    const invoices: { id: string }[] = await this.ds.query(
      `SELECT i.id FROM invoices i WHERE i.status = 'in_review'
         AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.invoice_id = i.id AND e.status NOT IN ('resolved','superseded')) LIMIT 1000`,
    );
    let settled = 0;
    for (const inv of invoices) {
      const reopened = await this.ds.transaction(async (em) => {
        await em.query(`SELECT id FROM invoices WHERE id = $1 FOR UPDATE`, [inv.id]);
        const ids = await reopenAfterRevalidation(em, inv.id);
        if (!ids.length && (await finalizeInvoiceIfDone(em, inv.id, SYSTEM))) settled++;
        return ids;
      });
      for (const id of reopened) await this.routing.route(id);
      if (reopened.length) settled++;
    }
    return settled;
  }
}
