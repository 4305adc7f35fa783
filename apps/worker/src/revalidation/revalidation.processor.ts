import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { invoiceStateMachine, type InvoiceStatus } from '@app/domain';
import { FindingsRepository, InvoicesRepository, recordAudit, SYSTEM } from '@app/persistence';
import { type CatalogueJob, QueueName, type RevalidatePayload } from '@app/queueing';
import { applyTransition, triageClock } from '@app/triage';
import { InvoiceValidationService } from '../validation/invoice-validation.service';
import { RuleSettingsProvider } from '../validation/rule-settings.provider';
import { ValidationExceptionsRepository } from '../validation/validation-exceptions.repository';

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
    @Inject(InvoicesRepository) private readonly invoices: InvoicesRepository,
    @Inject(FindingsRepository) private readonly findings: FindingsRepository,
    @Inject(ValidationExceptionsRepository) private readonly exceptions: ValidationExceptionsRepository,
  ) {
    super();
  }

  async process(job: CatalogueJob<typeof QueueName.AdminRevalidate>): Promise<RevalidationReport> {
    const { filters, limit } = job.data;
    // A re-run follows a settings change: read rule_settings afresh rather than the minute-long cache.
    this.settings.invalidate();
    const ids = await this.invoices.idsMatching(
      {
        statuses: filters.status,
        country: filters.country,
        receivedFrom: filters.receivedFrom,
        receivedTo: filters.receivedTo,
      },
      limit,
    );
    const report: RevalidationReport = {
      matched: ids.length,
      newlyClean: [],
      newlyBlocked: [],
      unchanged: [],
      fewerBlocking: [],
      skipped: [],
      failed: [],
      closedExceptions: [],
    };
    await job.updateProgress({ done: 0, total: ids.length });
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
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
      await job.updateProgress({ done: i + 1, total: ids.length });
    }
    return report;
  }

  private async blockingRuleIds(invoiceId: string): Promise<Set<string>> {
    return new Set(await this.findings.blockingRuleIdsOfLatestRun(invoiceId));
  }

  /** in_review → validating, audited with the admin and reason, as a correction does; the next run number. */
  private async start(em: EntityManager, invoiceId: string, job: Job<RevalidatePayload>): Promise<number | null> {
    const inv = await this.invoices.lockRunState(em, invoiceId);
    if (!inv) return null;
    const status = inv.status as InvoiceStatus;
    if (!(job.data.filters.status as string[]).includes(status) || !invoiceStateMachine.can(status, 'revalidate'))
      return null;
    const to = invoiceStateMachine.next(status, 'revalidate');
    const run = inv.validation_runs + 1;
    await this.invoices.setStatus(em, invoiceId, to);
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
    const stale = await this.exceptions.staleAfterRun(em, invoiceId, run);
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
