import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { CanonicalInvoice, invoiceStateMachine, InvoiceStatus } from '@app/domain';
import {
  type AuditEventInput,
  CombinedWrites,
  type FindingColumns,
  FindingsRepository,
  GroupCommit,
  InvoicesRepository,
  type RunProvenance,
  recordAudits,
  type Settled,
  SYSTEM,
  writeInGroup,
} from '@app/persistence';
import { type BulkJob, jobIds, JobProducer, QueueName, ROUTE_REASONS } from '@app/queueing';
import { type Finding, RULE_PACKS, settingsHash } from '@app/rules';
import {
  defaultQueueSettings,
  ensureQueues,
  failInvoice,
  fallbackQueueKey,
  isClosed,
  reopenAfterRevalidation,
  type QueueDefaults,
  resumeForNewInvoiceVersions,
  triageClock,
} from '@app/triage';
import { CappedFindings, groupByRoute } from './findings-cap';
import { RuleSettingsProvider } from './rule-settings.provider';
import { SupplierContextLoader } from './supplier-context.loader';
import {
  type OpenedException,
  type RouteToOpen,
  ValidationExceptionsRepository,
} from './validation-exceptions.repository';
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
  /**
   * The syntax findings intake read from the document (JSON text), while no run has finished: `raw` is
   * then not loaded, nor read again.
   */
  syntaxFindingsJson: string | null;
  buyerCountry: string | null;
  /** The header fields the supplier pack's master-data lookups read (not the lines: a document can be megabytes). */
  header: CanonicalInvoice;
}

type StartResult = StartedRun | { exhausted: true; attempts: number; error: string } | null;

interface RunKey {
  invoiceId: string;
  run: number;
}

interface Provenance {
  packs: { name: string; version: string; contentHash: string }[];
  settingsHash: string;
}

/** What the rules found for one run, to be stored with its group. */
interface VerdictInput extends RunKey {
  result: CappedFindings;
  buyerCountry: string | null;
  provenance: Provenance;
}

/** A verdict the group stores: the item it answers, its blocking findings by route key, the invoice's next status. */
interface VerdictPlan {
  i: number;
  blocking: Finding[];
  byRoute: Map<string, Finding[]>;
  to: InvoiceStatus;
}

type FindingRows = { invoiceId: string; run: number; columns: FindingColumns }[];
type Suppressions = { invoiceId: string; run: number; ruleIds: string[]; counts: number[] }[];

interface StoredVerdict {
  status: InvoiceStatus;
  opened: string[];
  reopened: string[];
  blocking: number;
  resumed: { id: string; version: number }[];
}

/**
 * What a started run holds in memory until its verdict, near enough: its texts (one byte a character for
 * the mostly Latin-1 invoices; V8 stores such strings one byte a character).
 */
function documentBytes(r: StartedRun): number {
  return r.canonicalJson.length + (r.raw?.length ?? 0) + (r.syntaxFindingsJson?.length ?? 0);
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

  /** Concurrent validations start their runs together: one transaction per group (GroupCommit). */
  private readonly starts = new GroupCommit<RunKey, StartResult>((items) => this.startRuns(items));
  /** ...and store their verdicts together, as their rules finish. */
  private readonly verdicts = new GroupCommit<VerdictInput, StoredVerdict | null>((items) => this.storeVerdicts(items));

  /** `loaded` hears how large the run's document is once its start has loaded it (see InFlightBudget). */
  async validate(invoiceId: string, run: number, loaded?: (bytes: number) => void): Promise<ValidationOutcome> {
    const started = await this.starts.submit({ invoiceId, run });
    if (!started) return SKIPPED(invoiceId);
    if ('exhausted' in started) return this.fail(invoiceId, run, started.attempts, started.error);
    loaded?.(documentBytes(started));
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
      syntaxFindingsJson: started.syntaxFindingsJson,
      buyerCountry: started.buyerCountry,
      supplier,
      settings,
      findingsPerRule: this.cfg.FINDINGS_PER_RULE_MAX,
    });
    const provenance = {
      packs: result.packs.map((name) => RULE_PACKS.get(name)).filter((p) => !!p),
      settingsHash: settingsHash(settings),
    };
    const stored = await this.verdicts.submit({
      invoiceId,
      run,
      result,
      buyerCountry: started.buyerCountry,
      provenance,
    });
    if (!stored) return SKIPPED(invoiceId);
    return {
      invoiceId,
      status: stored.status,
      findings: result.total,
      blocking: stored.blocking,
      exceptionIds: [...stored.opened, ...stored.reopened],
    };
  }

  /**
   * The verdicts of a group in one transaction (`inGroup`, `storeVerdictGroup`), then one enqueue that
   * routes every exception the group opened, reopened or resumed.
   */
  private async storeVerdicts(items: VerdictInput[]): Promise<Settled<StoredVerdict | null>[]> {
    const out = await this.inGroup(items, (em, group) => this.storeVerdictGroup(em, group));
    await this.enqueueRouting(items, out);
    return out;
  }

  /** `writeInGroup` in this service's transactions, saying when a group had to be written item by item. */
  private inGroup<I, O>(items: I[], many: (em: EntityManager, items: I[]) => Promise<O[]>): Promise<Settled<O>[]> {
    return writeInGroup(
      (work) => this.ds.transaction(work),
      items,
      many,
      (err) =>
        this.logger.warn(
          `a group of ${items.length} was not written together, writing each alone: ${(err as Error).message}`,
        ),
    );
  }

  /**
   * Routing is queue work; if this enqueue is lost, reconciliation routes every open exception again. What
   * the group opened goes in one job; a reopened or resumed item keeps its own job (its id carries the run or version).
   */
  private async enqueueRouting(items: VerdictInput[], out: Settled<StoredVerdict | null>[]): Promise<void> {
    const jobs: BulkJob<typeof QueueName.ExceptionRoute>[] = [];
    const opened = out.flatMap((o) => (o.ok && o.value ? o.value.opened : []));
    // The items the group opened: one job (one of its own for a single item, under its per-item id).
    if (opened.length === 1)
      jobs.push({
        name: 'route',
        data: { exceptionId: opened[0], reason: ROUTE_REASONS.opened },
        opts: { jobId: jobIds.route(opened[0], 'opened') },
      });
    else if (opened.length)
      jobs.push({
        name: 'route-group',
        data: { exceptionIds: opened, reason: ROUTE_REASONS.opened },
        opts: { jobId: jobIds.routeGroup(opened, ROUTE_REASONS.opened) },
      });
    out.forEach((o, i) => {
      if (!o.ok || !o.value) return;
      const { run } = items[i];
      for (const id of o.value.reopened)
        jobs.push({
          name: 'route',
          data: { exceptionId: id, reason: ROUTE_REASONS.reopened },
          opts: { jobId: jobIds.route(id, `reopened-${run}`) },
        });
      // Resumed items have new SLA instants: their route job schedules the timers again.
      for (const r of o.value.resumed)
        jobs.push({
          name: 'route',
          data: { exceptionId: r.id, reason: ROUTE_REASONS.slaReplanned },
          opts: { jobId: jobIds.route(r.id, r.version) },
        });
    });
    await this.producer
      .addBulk(QueueName.ExceptionRoute, jobs)
      .catch((e) => this.logger.warn(`routing enqueue failed, reconciliation will retry: ${(e as Error).message}`));
  }

  /**
   * The verdicts of a group, in the caller's transaction: the invoices locked in one statement (id order);
   * the fallback desks of every blocking route key created if missing and an exception per (invoice,
   * blocking route key) opened unless it exists, one statement each for the group; then one statement
   * for findings, suppressions, run provenance, the invoices' status and the audit events. After
   * them the closed exceptions a failing route key reopens (after a correction; one statement for the group,
   * none when no failing route key met a closed exception), and the items a new version of an invoice
   * resumes. Null for a run another run finished first.
   */
  private async storeVerdictGroup(em: EntityManager, items: VerdictInput[]): Promise<(StoredVerdict | null)[]> {
    const cur = await this.invoices.lockRunStates(em, [...new Set(items.map((v) => v.invoiceId))]);
    const order = items.map((_, i) => i).sort((a, b) => (items[a].invoiceId < items[b].invoiceId ? -1 : 1));
    const plans: VerdictPlan[] = [];
    for (const i of order) {
      const { invoiceId, run, result } = items[i];
      const state = cur.get(invoiceId);
      if (!state || state.status !== 'validating' || state.validation_runs >= run) continue; // another run finished first
      const blocking = result.kept.filter((f) => f.severity === 'blocking');
      const to = invoiceStateMachine.next(state.status as InvoiceStatus, blocking.length ? 'hold' : 'pass');
      plans.push({ i, blocking, byRoute: groupByRoute(blocking), to });
      // Another run of the same invoice in this group sees this verdict.
      state.status = to;
      state.validation_runs = run;
    }
    const routeExceptions = await this.openExceptions(em, items, plans);
    const out = new Array<(StoredVerdict & { to: InvoiceStatus }) | null>(items.length).fill(null);
    const rows = { audits: [] as AuditEventInput[], findings: [] as FindingRows, suppressions: [] as Suppressions };
    const runs: RunProvenance[] = [];
    const marks: { id: string; status: string; run: number }[] = [];
    for (const plan of plans) {
      const { invoiceId, run, result, provenance } = items[plan.i];
      const blockingTotal = plan.blocking.length + suppressedOf(result, plan.blocking);
      const opened = this.verdictRows(items[plan.i], plan, routeExceptions, blockingTotal, rows);
      // Provenance of the run: the packs (name, version, content hash) and the hash of the effective settings.
      runs.push({
        invoiceId,
        run,
        packs: provenance.packs,
        settingsHash: provenance.settingsHash,
        findings: result.total,
        blocking: blockingTotal,
      });
      marks.push({ id: invoiceId, status: plan.to, run });
      out[plan.i] = { status: plan.to, to: plan.to, opened, reopened: [], blocking: blockingTotal, resumed: [] };
    }
    // Findings, suppressions, run provenance, the invoices' status and the audit events: independent
    // writes, sent as one statement (CombinedWrites); what follows sees them.
    const writes = new CombinedWrites();
    await this.findings.insertRunFindings(writes.em, rows.findings);
    await this.findings.insertRunSuppressions(writes.em, rows.suppressions);
    await this.findings.insertRuns(writes.em, runs);
    await this.invoices.markManyValidated(writes.em, marks);
    await recordAudits(writes.em, rows.audits);
    await writes.flush(em);
    // After a correction, a route key that fails again reopens its closed exception: only an invoice whose
    // failing route keys met a closed exception has something to look at.
    const inReview = plans
      .filter((p) => p.to === 'in_review' && [...routeExceptions.get(p)!.values()].some((ex) => isClosed(ex.status)))
      .map((p) => items[p.i].invoiceId);
    const reopened = await reopenAfterRevalidation(em, inReview);
    for (const p of plans) if (p.to === 'in_review') out[p.i]!.reopened = reopened.get(items[p.i].invoiceId) ?? [];
    // A first run of an invoice that repeats an earlier one's seller and number is the supplier's answer to it.
    const firsts = order.filter((i) => out[i] && items[i].run === 1);
    const resumed = await resumeForNewInvoiceVersions(
      em,
      firsts.map((i) => items[i].invoiceId),
      SYSTEM,
      triageClock.now(),
    );
    for (const i of firsts) out[i]!.resumed = resumed.get(items[i].invoiceId) ?? [];
    return out;
  }

  /**
   * The exception of every (invoice, blocking route key) of the group, opened unless it exists: a queue
   * configured for the route key itself wins, otherwise the fallback desk, created first with complete
   * defaults (for a desk two categories ask for, the first one's). By plan, route key → exception.
   */
  private async openExceptions(
    em: EntityManager,
    items: VerdictInput[],
    plans: VerdictPlan[],
  ): Promise<Map<VerdictPlan, Map<string, OpenedException>>> {
    const desks = new Map<string, QueueDefaults>();
    const routes: (RouteToOpen & { plan: VerdictPlan })[] = [];
    for (const plan of plans) {
      const { invoiceId, buyerCountry } = items[plan.i];
      for (const [routeKey, group] of plan.byRoute) {
        const category = group[0].category;
        const fallbackQueue = fallbackQueueKey(routeKey);
        if (!desks.has(fallbackQueue)) desks.set(fallbackQueue, defaultQueueSettings(fallbackQueue, category));
        const country = /^[a-z]+\.([A-Z]{2})$/.exec(routeKey)?.[1] ?? buyerCountry ?? null;
        routes.push({ plan, invoiceId, routeKey, category, country, fallbackQueue });
      }
    }
    await ensureQueues(em, [...desks.values()]);
    const opened = await this.exceptions.openForRoutes(em, routes);
    const out = new Map<VerdictPlan, Map<string, OpenedException>>(plans.map((p) => [p, new Map()]));
    routes.forEach((r, k) => out.get(r.plan)!.set(r.routeKey, opened[k]));
    return out;
  }

  /**
   * One verdict's rows for the group's set-based writes: the audit of each exception it opened, then
   * its findings, suppressions and the invoice's audit. Returns the ids of the exceptions it opened.
   */
  private verdictRows(
    item: VerdictInput,
    plan: VerdictPlan,
    routeExceptions: Map<VerdictPlan, Map<string, OpenedException>>,
    blockingTotal: number,
    rows: { audits: AuditEventInput[]; findings: FindingRows; suppressions: Suppressions },
  ): string[] {
    const { invoiceId, run, result } = item;
    const exceptionOf = routeExceptions.get(plan)!;
    const opened: string[] = [];
    for (const [routeKey, group] of plan.byRoute) {
      const ex = exceptionOf.get(routeKey)!;
      if (!ex.inserted) continue;
      opened.push(ex.id);
      rows.audits.push({
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
    const findings = result.kept;
    const idOf = new Map([...exceptionOf].map(([routeKey, ex]) => [routeKey, ex.id]));
    if (findings.length) rows.findings.push({ invoiceId, run, columns: findingColumns(findings, idOf) });
    const suppressed = Object.entries(result.suppressed);
    if (suppressed.length)
      rows.suppressions.push({
        invoiceId,
        run,
        ruleIds: suppressed.map(([r]) => r),
        counts: suppressed.map(([, n]) => n),
      });
    const blocking = plan.blocking;
    rows.audits.push({
      aggregateType: 'invoice',
      aggregateId: invoiceId,
      action: blocking.length ? 'validated_with_exceptions' : 'validated_touchless',
      fromState: 'validating',
      toState: plan.to,
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
        routeKeys: [...plan.byRoute.keys()],
      },
    });
    return opened;
  }

  /**
   * received → validating (audited) and one more attempt counted for each run of the group, committed
   * before any work: the invoices locked in one statement, marked and their audit events written in
   * one more. The next attempt time makes reconciliation back off if a run never ends. Null for a run with
   * nothing to do.
   */
  private startRuns(items: RunKey[]): Promise<Settled<StartResult>[]> {
    return this.inGroup(items, async (em, group) => {
      const rows = await this.invoices.lockForValidation(em, [...new Set(group.map((g) => g.invoiceId))]);
      const marks = new Map<string, { id: string; attempts: number; retryDelaySeconds: number }>();
      const audits: AuditEventInput[] = [];
      const out = group.map(({ invoiceId, run }): StartResult => {
        const inv = rows.get(invoiceId);
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
        marks.set(invoiceId, { id: invoiceId, attempts, retryDelaySeconds: retryDelaySeconds(attempts, this.cfg) });
        if (inv.status !== 'validating') {
          audits.push({
            aggregateType: 'invoice',
            aggregateId: invoiceId,
            action: 'validation_started',
            fromState: inv.status,
            toState: 'validating',
            actor: SYSTEM,
            data: { run },
          });
        }
        // Another run of the same invoice in this group sees it as it is now.
        inv.status = 'validating';
        inv.attempts = attempts;
        return {
          attempts,
          canonicalJson: inv.canonical_json,
          format: inv.format,
          raw: inv.raw_document,
          syntaxFindingsJson: inv.syntax_findings,
          buyerCountry: inv.buyer_country,
          header: stripNulls(inv.header) as CanonicalInvoice,
        };
      });
      const writes = new CombinedWrites(); // one statement for both
      await this.invoices.markValidating(writes.em, [...marks.values()]);
      await recordAudits(writes.em, audits);
      await writes.flush(em);
      return out;
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
