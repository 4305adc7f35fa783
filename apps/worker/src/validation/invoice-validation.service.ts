import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { CanonicalInvoice, invoiceStateMachine, InvoiceStatus } from '@app/domain';
import { type FindingColumns, FindingsRepository, InvoicesRepository, recordAudit, SYSTEM } from '@app/persistence';
import { jobIds, JobProducer, QueueName, ROUTE_REASONS } from '@app/queueing';
import { type Finding, RULE_PACKS, settingsHash } from '@app/rules';
import {
  defaultQueueSettings,
  ensureQueue,
  failInvoice,
  fallbackQueueKey,
  reopenAfterRevalidation,
  resumeForNewInvoiceVersion,
  triageClock,
} from '@app/triage';
import { CappedFindings, groupByRoute } from './findings-cap';
import { RuleSettingsProvider } from './rule-settings.provider';
import { SupplierContextLoader } from './supplier-context.loader';
import { ValidationExceptionsRepository } from './validation-exceptions.repository';
import { ValidationBudgetExceeded, ValidationThreadPool } from './validation-thread-pool';

export interface ValidationOutcome {
  invoiceId: string;
  status: InvoiceStatus | 'skipped';
  findings: number;
  blocking: number;
  exceptionIds: string[];
}

interface StartedRun {
  attempts: number;
  canonicalJson: string;
  format: 'json' | 'ubl' | 'cii';
  raw: string | null;
  buyerCountry: string | null;
  /** The header fields the supplier pack's master-data lookups read (not the lines: a document can be megabytes). */
  header: CanonicalInvoice;
}

const SKIPPED = (invoiceId: string): ValidationOutcome => ({
  invoiceId,
  status: 'skipped',
  findings: 0,
  blocking: 0,
  exceptionIds: [],
});

/**
 * The `invoice.validate` step: received → validating → ready (touchless) | in_review (exceptions
 * opened, one per route key) | failed (attempts exhausted or time budget exceeded: visible, with an
 * item in `system.failed`). The rule packs run in worker threads (ValidationThreadPool); this service
 * does the I/O. Attempts are counted in PostgreSQL before the work starts, so a run that kills the
 * process counts too. Safe to run twice: a run number guards against re-applying a finished run.
 */
@Injectable()
export class InvoiceValidationService {
  private readonly logger = new Logger('InvoiceValidation');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(SupplierContextLoader) private readonly suppliers: SupplierContextLoader,
    @Inject(RuleSettingsProvider) private readonly settings: RuleSettingsProvider,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(ValidationThreadPool) private readonly threads: ValidationThreadPool,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(InvoicesRepository) private readonly invoices: InvoicesRepository,
    @Inject(FindingsRepository) private readonly findings: FindingsRepository,
    @Inject(ValidationExceptionsRepository) private readonly exceptions: ValidationExceptionsRepository,
  ) {}

  async validate(invoiceId: string, run: number): Promise<ValidationOutcome> {
    const started = await this.startRun(invoiceId, run);
    if (!started) return SKIPPED(invoiceId);
    if ('exhausted' in started) return this.fail(invoiceId, run, started.attempts, started.error);
    try {
      return await this.runRules(invoiceId, run, started);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (err instanceof ValidationBudgetExceeded || started.attempts >= this.cfg.VALIDATION_MAX_ATTEMPTS) {
        return this.fail(invoiceId, run, started.attempts, error);
      }
      await this.invoices.recordLastError(invoiceId, error.slice(0, 2000));
      throw err; // BullMQ retries with back-off; reconciliation takes over if the job is lost
    }
  }

  private async runRules(invoiceId: string, run: number, started: StartedRun): Promise<ValidationOutcome> {
    const supplier = await this.suppliers.load(invoiceId, started.header);
    const settings = await this.settings.current();
    const result = await this.threads.run({
      canonicalJson: started.canonicalJson,
      format: started.format,
      raw: started.raw,
      buyerCountry: started.buyerCountry,
      supplier,
      settings,
      findingsPerRule: this.cfg.FINDINGS_PER_RULE_MAX,
    });
    const provenance = {
      packs: result.packs.map((name) => RULE_PACKS.get(name)).filter((p) => !!p),
      settingsHash: settingsHash(settings),
    };
    let resumed: { id: string; version: number }[] = [];
    const stored = await this.ds.transaction(async (em) => {
      const verdict = await this.storeVerdict(em, invoiceId, run, result, started.buyerCountry, provenance);
      // A first run of an invoice that repeats an earlier one's seller and number is the supplier's answer to it.
      if (verdict && run === 1) resumed = await resumeForNewInvoiceVersion(em, invoiceId, SYSTEM, triageClock.now());
      return verdict;
    });
    if (!stored) return SKIPPED(invoiceId);

    // Routing is queue work; if this enqueue is lost, reconciliation routes every open exception again.
    await this.producer
      .addBulk(QueueName.ExceptionRoute, [
        ...stored.opened.map((id) => ({
          name: 'route' as const,
          data: { exceptionId: id, reason: ROUTE_REASONS.opened },
          opts: { jobId: jobIds.route(id, 'opened') },
        })),
        ...stored.reopened.map((id) => ({
          name: 'route' as const,
          data: { exceptionId: id, reason: ROUTE_REASONS.reopened },
          opts: { jobId: jobIds.route(id, `reopened-${run}`) },
        })),
        // Resumed items have new SLA instants: their route job schedules the timers again.
        ...resumed.map((r) => ({
          name: 'route' as const,
          data: { exceptionId: r.id, reason: ROUTE_REASONS.slaReplanned },
          opts: { jobId: jobIds.route(r.id, r.version) },
        })),
      ])
      .catch((e) => this.logger.warn(`routing enqueue failed, reconciliation will retry: ${(e as Error).message}`));
    return {
      invoiceId,
      status: stored.status,
      findings: result.total,
      blocking: stored.blocking,
      exceptionIds: [...stored.opened, ...stored.reopened],
    };
  }

  /** The verdict in one transaction: exceptions per route key, findings (one statement), status, audit. */
  private async storeVerdict(
    em: EntityManager,
    invoiceId: string,
    run: number,
    result: CappedFindings,
    buyerCountry: string | null,
    provenance: { packs: { name: string; version: string; contentHash: string }[]; settingsHash: string },
  ) {
    const cur = await this.invoices.lockRunState(em, invoiceId);
    if (!cur || cur.status !== 'validating' || cur.validation_runs >= run) return null; // another run finished first
    const findings = result.kept;
    const blocking = findings.filter((f) => f.severity === 'blocking');
    const blockingTotal = blocking.length + suppressedOf(result, blocking);
    const action = blocking.length ? 'hold' : 'pass';
    const to = invoiceStateMachine.next(cur.status as InvoiceStatus, action);
    const byRoute = groupByRoute(blocking);
    const opened: string[] = [];
    const exceptionOf = new Map<string, string>();
    for (const [routeKey, group] of byRoute) {
      const category = group[0].category;
      const country = /^[a-z]+\.([A-Z]{2})$/.exec(routeKey)?.[1] ?? buyerCountry ?? null;
      // A queue configured for the route key itself wins; otherwise the fallback desk, created with complete defaults.
      const fallback = fallbackQueueKey(routeKey);
      await ensureQueue(em, defaultQueueSettings(fallback, category));
      const ex = await this.exceptions.openForRoute(em, {
        invoiceId,
        routeKey,
        category,
        country,
        fallbackQueue: fallback,
      });
      exceptionOf.set(routeKey, ex.id);
      if (ex.inserted) {
        opened.push(ex.id);
        await recordAudit(em, {
          aggregateType: 'exception',
          aggregateId: ex.id,
          action: 'opened',
          fromState: null,
          toState: 'open',
          actor: SYSTEM,
          reason: ruleIds(group).join(', '),
          data: { invoiceId, routeKey, findings: group.length },
        });
      }
    }
    if (findings.length) await this.findings.insertFindings(em, invoiceId, run, findingColumns(findings, exceptionOf));
    const suppressed = Object.entries(result.suppressed);
    if (suppressed.length) {
      await this.findings.insertSuppressions(
        em,
        invoiceId,
        run,
        suppressed.map(([r]) => r),
        suppressed.map(([, n]) => n),
      );
    }
    // Provenance of the run: the packs (name, version, content hash) and the hash of the effective settings.
    await this.findings.insertRun(em, {
      invoiceId,
      run,
      packs: provenance.packs,
      settingsHash: provenance.settingsHash,
      findings: result.total,
      blocking: blockingTotal,
    });
    await this.invoices.markValidated(em, invoiceId, to, run);
    await recordAudit(em, {
      aggregateType: 'invoice',
      aggregateId: invoiceId,
      action: action === 'pass' ? 'validated_touchless' : 'validated_with_exceptions',
      fromState: 'validating',
      toState: to,
      actor: SYSTEM,
      reason: blocking.length
        ? `${blockingTotal} blocking finding(s): ${ruleIds(blocking).slice(0, 10).join(', ')}`
        : 'no blocking finding',
      data: {
        run,
        findings: result.total,
        blocking: blockingTotal,
        stored: findings.length,
        suppressed: result.suppressed,
        routeKeys: [...byRoute.keys()],
      },
    });
    // After a correction, a route key that fails again reopens its closed exception.
    const reopened = to === 'in_review' ? await reopenAfterRevalidation(em, invoiceId) : [];
    return { status: to, opened, reopened, blocking: blockingTotal };
  }

  /**
   * received → validating (audited) and one more attempt counted, committed before any work; the next
   * attempt time makes reconciliation back off if this one never ends. Null when there is nothing to do.
   */
  private async startRun(
    invoiceId: string,
    run: number,
  ): Promise<StartedRun | { exhausted: true; attempts: number; error: string } | null> {
    return this.ds.transaction(async (em) => {
      const inv = await this.invoices.lockForValidation(em, invoiceId);
      if (
        !inv ||
        inv.validation_runs >= run ||
        !invoiceStateMachine.can(inv.status as InvoiceStatus, 'start_validation')
      )
        return null;
      if (inv.attempts >= this.cfg.VALIDATION_MAX_ATTEMPTS) {
        return {
          exhausted: true as const,
          attempts: inv.attempts,
          error: `gave up after ${inv.attempts} attempt(s); last error: ${inv.last_error ?? 'the worker stopped during validation (crash or kill)'}`,
        };
      }
      const attempts = inv.attempts + 1;
      await this.invoices.markValidating(em, invoiceId, attempts, retryDelaySeconds(attempts, this.cfg));
      if (inv.status !== 'validating') {
        await recordAudit(em, {
          aggregateType: 'invoice',
          aggregateId: invoiceId,
          action: 'validation_started',
          fromState: inv.status,
          toState: 'validating',
          actor: SYSTEM,
          data: { run },
        });
      }
      return {
        attempts,
        canonicalJson: inv.canonical_json,
        format: inv.format,
        raw: inv.raw_document,
        buyerCountry: inv.buyer_country,
        header: stripNulls(inv.header) as CanonicalInvoice,
      };
    });
  }

  private async fail(invoiceId: string, run: number, attempts: number, error: string): Promise<ValidationOutcome> {
    this.logger.error(`invoice ${invoiceId} failed validation after ${attempts} attempt(s): ${error}`);
    const exceptionId = await this.ds.transaction((em) =>
      failInvoice(em, { invoiceId, run, attempts, stage: 'validation', error }),
    );
    if (!exceptionId) return SKIPPED(invoiceId);
    await this.producer
      .addBulk(QueueName.ExceptionRoute, [
        {
          name: 'route',
          data: { exceptionId, reason: ROUTE_REASONS.opened },
          opts: { jobId: jobIds.route(exceptionId, `failed-${run}`) },
        },
      ])
      .catch((e) => this.logger.warn(`routing enqueue failed, reconciliation will retry: ${(e as Error).message}`));
    return { invoiceId, status: 'failed', findings: 1, blocking: 1, exceptionIds: [exceptionId] };
  }
}

/** Reconciliation's back-off after the n-th attempt: the stale interval doubled per attempt, at most an hour. */
export function retryDelaySeconds(attempt: number, cfg: Pick<EnvironmentVariables, 'RECONCILE_STALE_SECONDS'>): number {
  return Math.min(cfg.RECONCILE_STALE_SECONDS * 2 ** Math.min(attempt - 1, 20), 3600);
}

/** The run's findings as the columns of one set-based insert; a blocking one names its route key's exception. */
function findingColumns(findings: Finding[], exceptionOf: Map<string, string>): FindingColumns {
  const col = <T>(pick: (f: Finding) => T) => findings.map(pick);
  return {
    exceptionIds: col((f) => (f.severity === 'blocking' ? (exceptionOf.get(f.routeKey) ?? null) : null)),
    ruleIds: col((f) => f.ruleId),
    severities: col((f) => f.severity),
    categories: col((f) => f.category),
    fieldPaths: col((f) => f.fieldPath),
    messages: col((f) => f.message),
    expected: col((f) => f.expected ?? null),
    actual: col((f) => f.actual ?? null),
    hints: col((f) => f.hint ?? null),
    routeKeys: col((f) => f.routeKey),
  };
}

/** jsonb_build_object keeps JSON nulls for absent fields; the canonical invoice has them absent. */
function stripNulls(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null) continue;
    out[k] = typeof v === 'object' && !Array.isArray(v) ? stripNulls(v as Record<string, unknown>) : v;
  }
  return out;
}

function ruleIds(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.ruleId))];
}

/** How many blocking findings the cap left out (a rule's findings share its severity). */
function suppressedOf(result: CappedFindings, blocking: Finding[]): number {
  return ruleIds(blocking).reduce((n, id) => n + (result.suppressed[id] ?? 0), 0);
}
