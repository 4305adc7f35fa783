import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobProducer, QueueName, ROUTE_REASONS, jobIds } from '@app/queueing';
import { finalizeInvoiceIfDone, reopenAfterRevalidation, TriageClock } from '@app/triage';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { SYSTEM } from '@app/persistence';
import { ExceptionTimersRepository, TIMER_PAGE_SIZE } from './exception-timers.repository';
import { SlaTimerService } from './sla-timer.service';
import { TriageReconciliationRepository } from './triage-reconciliation.repository';
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
    @Inject(TriageReconciliationRepository) private readonly repo: TriageReconciliationRepository,
    @Inject(ExceptionTimersRepository) private readonly timerRows: ExceptionTimersRepository,
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
    const rows = await this.repo.unrouted(this.cfg.ROUTING_MAX_ATTEMPTS);
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
    const expected = await this.timerRows.expectedTimers(now);
    const counts = await this.producer.queue(QueueName.ExceptionTimers).getJobCounts('delayed', 'waiting', 'active');
    if (counts.delayed + counts.waiting + counts.active >= expected) return 0;
    let scheduled = 0;
    for (let offset = 0; ; offset += TIMER_PAGE_SIZE) {
      const rows = await this.timerRows.pendingTimers(now, offset);
      scheduled += await this.timers.schedule(rows);
      if (rows.length < TIMER_PAGE_SIZE) break;
    }
    return scheduled;
  }

  /** Reviewers who are available with free capacity while work they may take is waiting. */
  private async fillAvailableReviewers(): Promise<number> {
    const now = this.clock.now();
    const reviewers = await this.repo.reviewersToFill(now);
    let filled = 0;
    for (const r of reviewers) filled += (await this.routing.fill(r.id)).length;
    return filled;
  }

  /** In-review invoices without an active item: reopen what a re-validation still finds, or finish them. */
  private async settleInvoices(): Promise<number> {
    const invoices = await this.repo.invoicesToSettle();
    let settled = 0;
    for (const inv of invoices) {
      const reopened = await this.ds.transaction(async (em) => {
        await this.repo.lockInvoice(em, inv.id);
        const ids = (await reopenAfterRevalidation(em, [inv.id])).get(inv.id) ?? [];
        if (!ids.length && (await finalizeInvoiceIfDone(em, inv.id, SYSTEM))) settled++;
        return ids;
      });
      for (const id of reopened) await this.routing.route(id);
      if (reopened.length) settled++;
    }
    return settled;
  }
}
