import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { invoiceStateMachine } from '@app/domain';
import { recordAudit, SYSTEM } from '@app/persistence';
import { type CatalogueJob, QueueName, type RevalidatePayload } from '@app/queueing';
import { ACTIVE_STATUSES, applyTransition, type ExceptionRow, sqlStatusList, triageClock } from '@app/triage';
import { InvoiceValidationService } from '../validation/invoice-validation.service';
import { RuleSettingsProvider } from '../validation/rule-settings.provider';

export interface RevalidationReport {
  matched: number;
  /** Blocked before, no blocking finding now: the invoice is ready and its exceptions are closed. */
  newlyClean: string[];
  /** Still blocked, by at least one rule id that did not block before. */
  newlyBlocked: string[];
  /** Still blocked by the same rule ids. */
  unchanged: string[];
  /** Still blocked, by fewer rule ids than before. */
  fewerBlocking: string[];
  /** Left alone: no longer open when its turn came, or another run was already under way. */
  skipped: string[];
  failed: string[];
  closedExceptions: string[];
}

/**
 * `admin.revalidate`: runs the rules again on matching open invoices through the same path a
 * correction takes (in_review → validating, then the validation step with the next run number, which
 * reopens route keys that fail again and opens new ones). Exceptions whose route key no longer fails
 * are closed as superseded (audited). Progress: `{done, total}`; the return value is the report.
 */
@Processor(QueueName.AdminRevalidate, { concurrency: 1 })
export class AdminRevalidateProcessor extends WorkerHost {
  private readonly logger = new Logger('AdminRevalidate');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(InvoiceValidationService) private readonly validation: InvoiceValidationService,
    @Inject(RuleSettingsProvider) private readonly settings: RuleSettingsProvider,
  ) {
    super();
  }

  async process(job: CatalogueJob<typeof QueueName.AdminRevalidate>): Promise<RevalidationReport> {
    const { filters, limit } = job.data;
    // A re-run follows a settings change: read rule_settings afresh rather than the minute-long cache.
    this.settings.invalidate();
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM invoices WHERE status = ANY($1::text[]) AND ($2::text IS NULL OR buyer_country = $2)
         AND ($3::timestamptz IS NULL OR received_at >= $3) AND ($4::timestamptz IS NULL OR received_at < $4)
       ORDER BY received_at, id LIMIT $5`,
      [filters.status, filters.country, filters.receivedFrom, filters.receivedTo, limit],
    );
    const report: RevalidationReport = {
      matched: rows.length,
      newlyClean: [],
      newlyBlocked: [],
      unchanged: [],
      fewerBlocking: [],
      skipped: [],
      failed: [],
      closedExceptions: [],
    };
    await job.updateProgress({ done: 0, total: rows.length });
    for (let i = 0; i < rows.length; i++) {
      const id = rows[i].id;
      try {
        const before = await this.blockingRuleIds(id);
        const run = await this.ds.transaction((em) => this.start(em, id, job));
        if (!run) report.skipped.push(id);
        else {
          const outcome = await this.validation.validate(id, run);
          if (outcome.status === 'skipped' || outcome.status === 'failed')
            (outcome.status === 'failed' ? report.failed : report.skipped).push(id);
          else {
            report.closedExceptions.push(...(await this.ds.transaction((em) => this.closeStale(em, id, run, job.id!))));
            const after = await this.blockingRuleIds(id);
            if (outcome.status === 'ready') report.newlyClean.push(id);
            else if ([...after].some((r) => !before.has(r))) report.newlyBlocked.push(id);
            else if (after.size === before.size) report.unchanged.push(id);
            else report.fewerBlocking.push(id);
          }
        }
      } catch (e) {
        this.logger.warn(`revalidation of ${id} failed: ${(e as Error).message}`);
        report.failed.push(id);
      }
      await job.updateProgress({ done: i + 1, total: rows.length });
    }
    return report;
  }

  private async blockingRuleIds(invoiceId: string): Promise<Set<string>> {
    const rows: { rule_id: string }[] = await this.ds.query(
      `SELECT DISTINCT f.rule_id FROM findings f JOIN invoices i ON i.id = f.invoice_id AND f.validation_run = i.validation_runs
       WHERE f.invoice_id = $1 AND f.severity = 'blocking'`,
      [invoiceId],
    );
    return new Set(rows.map((r) => r.rule_id));
  }

  /** in_review → validating, audited with the admin and reason, as a correction does; the next run number. */
  private async start(em: EntityManager, invoiceId: string, job: Job<RevalidatePayload>): Promise<number | null> {
    const [inv] = await em.query(`SELECT status, validation_runs FROM invoices WHERE id = $1 FOR UPDATE`, [invoiceId]);
    if (!inv || !job.data.filters.status.includes(inv.status) || !invoiceStateMachine.can(inv.status, 'revalidate'))
      return null;
    const to = invoiceStateMachine.next(inv.status, 'revalidate');
    const run = inv.validation_runs + 1;
    await em.query(`UPDATE invoices SET status = $2, updated_at = now() WHERE id = $1`, [invoiceId, to]);
    await recordAudit(em, {
      aggregateType: 'invoice',
      aggregateId: invoiceId,
      action: 'revalidation_requested',
      fromState: inv.status,
      toState: to,
      actor: { type: 'staff', id: job.data.requestedBy },
      reason: job.data.reason ?? 'rules run again on open invoices',
      data: { jobId: job.id, run },
    });
    return run;
  }

  /** Active exceptions of the invoice whose route key has no blocking finding in the latest run: superseded, audited. */
  private async closeStale(em: EntityManager, invoiceId: string, run: number, jobId: string): Promise<string[]> {
    const stale: ExceptionRow[] = await em.query(
      `SELECT e.* FROM exceptions e JOIN invoices i ON i.id = e.invoice_id
       WHERE e.invoice_id = $1 AND i.validation_runs = $2 AND e.status IN (${sqlStatusList(ACTIVE_STATUSES)})
         AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.invoice_id = e.invoice_id AND f.validation_run = $2 AND f.severity = 'blocking' AND f.route_key = e.route_key)
       ORDER BY e.id FOR UPDATE OF e`,
      [invoiceId, run],
    );
    for (const row of stale) {
      await applyTransition(em, row, {
        action: 'supersede',
        actor: SYSTEM,
        now: triageClock.now(),
        auditAction: 'superseded',
        reason: `rules run again (revalidation ${jobId}, run ${run}): the route key no longer fails`,
        data: { run, jobId },
      });
    }
    return stale.map((r) => r.id);
  }
}
