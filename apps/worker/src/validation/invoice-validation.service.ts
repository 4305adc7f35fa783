import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { CanonicalInvoice, invoiceStateMachine, InvoiceStatus } from '@app/domain';
import { recordAudit, SYSTEM } from '@app/persistence';
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
      await this.ds.query(`UPDATE invoices SET last_error = $2 WHERE id = $1 AND status = 'validating'`, [
        invoiceId,
        error.slice(0, 2000),
      ]);
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
    const [cur] = await em.query(`SELECT status, validation_runs FROM invoices WHERE id = $1 FOR UPDATE`, [invoiceId]);
    if (!cur || cur.status !== 'validating' || cur.validation_runs >= run) return null; // another run finished first
    const findings = result.kept;
    const blocking = findings.filter((f) => f.severity === 'blocking');
    const blockingTotal = blocking.length + suppressedOf(result, blocking);
    const action = blocking.length ? 'hold' : 'pass';
    const to = invoiceStateMachine.next(cur.status, action);
    const byRoute = groupByRoute(blocking);
    const opened: string[] = [];
    const exceptionOf = new Map<string, string>();
    for (const [routeKey, group] of byRoute) {
      const category = group[0].category;
      const country = /^[a-z]+\.([A-Z]{2})$/.exec(routeKey)?.[1] ?? buyerCountry ?? null;
      // A queue configured for the route key itself wins; otherwise the fallback desk, created with complete defaults.
      const fallback = fallbackQueueKey(routeKey);
      await ensureQueue(em, defaultQueueSettings(fallback, category));
      const [ex] = await em.query(
        `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, supplier_id, amount, currency, status)
         SELECT $1, $2, COALESCE((SELECT key FROM review_queues WHERE key = $2), $5), $3, $4, i.supplier_id, i.payable, i.currency, 'open'
         FROM invoices i WHERE i.id = $1
         ON CONFLICT (invoice_id, route_key) DO UPDATE SET updated_at = now()
         RETURNING id, (xmax = 0) AS inserted, status`,
        [invoiceId, routeKey, category, country, fallback],
      );
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
    if (findings.length) await insertFindings(em, invoiceId, run, findings, exceptionOf);
    const suppressed = Object.entries(result.suppressed);
    if (suppressed.length) {
      await em.query(
        `INSERT INTO finding_suppressions (invoice_id, validation_run, rule_id, suppressed)
         SELECT $1, $2, s.rule_id, s.n FROM unnest($3::text[], $4::int[]) AS s(rule_id, n)`,
        [invoiceId, run, suppressed.map(([r]) => r), suppressed.map(([, n]) => n)],
      );
    }
    // Provenance of the run: the packs (name, version, content hash) and the hash of the effective settings.
    await em.query(
      `INSERT INTO validation_runs (invoice_id, run, packs, settings_hash, findings, blocking) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
                    ON CONFLICT (invoice_id, run) DO NOTHING`,
      [
        invoiceId,
        run,
        JSON.stringify(provenance.packs.map((p) => ({ name: p.name, version: p.version, contentHash: p.contentHash }))),
        provenance.settingsHash,
        result.total,
        blockingTotal,
      ],
    );
    await em.query(
      `UPDATE invoices SET status = $2, validation_runs = $3, validated_at = now(), updated_at = now(), attempts = 0, next_attempt_at = NULL,
                      last_error = NULL, finalized_at = CASE WHEN $2 = 'ready' THEN now() ELSE finalized_at END WHERE id = $1`,
      [invoiceId, to, run],
    );
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
      const [inv] = await em.query(
        `SELECT status, validation_runs, attempts, last_error, canonical::text AS canonical_json, format, raw_document, buyer_country,
                jsonb_build_object('seller', jsonb_build_object('vatId', canonical->'seller'->'vatId'), 'invoiceNumber', canonical->'invoiceNumber',
                  'issueDate', canonical->'issueDate', 'currency', canonical->'currency', 'totals', jsonb_build_object('payable', canonical->'totals'->'payable'),
                  'purchaseOrderReference', canonical->'purchaseOrderReference') AS header
         FROM invoices WHERE id = $1 FOR UPDATE`,
        [invoiceId],
      );
      if (!inv || inv.validation_runs >= run || !invoiceStateMachine.can(inv.status, 'start_validation')) return null;
      if (inv.attempts >= this.cfg.VALIDATION_MAX_ATTEMPTS) {
        return {
          exhausted: true as const,
          attempts: inv.attempts,
          error: `gave up after ${inv.attempts} attempt(s); last error: ${inv.last_error ?? 'the worker stopped during validation (crash or kill)'}`,
        };
      }
      const attempts = inv.attempts + 1;
      await em.query(
        `UPDATE invoices SET status = 'validating', attempts = $2, next_attempt_at = now() + make_interval(secs => $3), updated_at = now()
                      WHERE id = $1`,
        [invoiceId, attempts, retryDelaySeconds(attempts, this.cfg)],
      );
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

async function insertFindings(
  em: EntityManager,
  invoiceId: string,
  run: number,
  findings: Finding[],
  exceptionOf: Map<string, string>,
): Promise<void> {
  const col = <T>(pick: (f: Finding) => T) => findings.map(pick);
  await em.query(
    `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, expected, actual, hint, route_key)
     SELECT $1, f.exception_id, $2, f.rule_id, f.severity, f.category, f.field_path, f.message, f.expected, f.actual, f.hint, f.route_key
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
       AS f(exception_id, rule_id, severity, category, field_path, message, expected, actual, hint, route_key)`,
    [
      invoiceId,
      run,
      col((f) => (f.severity === 'blocking' ? (exceptionOf.get(f.routeKey) ?? null) : null)),
      col((f) => f.ruleId),
      col((f) => f.severity),
      col((f) => f.category),
      col((f) => f.fieldPath),
      col((f) => f.message),
      col((f) => f.expected ?? null),
      col((f) => f.actual ?? null),
      col((f) => f.hint ?? null),
      col((f) => f.routeKey),
    ],
  );
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
