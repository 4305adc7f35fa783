import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CanonicalInvoice, invoiceStateMachine, InvoiceStatus } from '@app/domain';
import { readInvoiceXml } from '@app/formats';
import { recordAudit, SYSTEM } from '@app/persistence';
import { jobIds, JobProducer, QueueName } from '@app/queueing';
import { Finding, validateInvoice } from '@app/rules';
import { defaultQueueSettings, ensureQueue, fallbackQueueKey, reopenAfterRevalidation } from '@app/triage';
import { RuleSettingsProvider } from './rule-settings.provider';
import { SupplierContextLoader } from './supplier-context.loader';

export interface ValidationOutcome {
  invoiceId: string;
  status: InvoiceStatus | 'skipped';
  findings: number;
  blocking: number;
  exceptionIds: string[];
}

/**
 * The `invoice.validate` step: received → validating → ready (touchless) | in_review (exceptions
 * opened, one per route key). The rule packs plug in through `validateInvoice` of @app/rules.
 * Safe to run twice: a run number guards against re-applying a finished run.
 */
@Injectable()
export class InvoiceValidationService {
  private readonly logger = new Logger('InvoiceValidation');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(SupplierContextLoader) private readonly suppliers: SupplierContextLoader,
    @Inject(RuleSettingsProvider) private readonly settings: RuleSettingsProvider,
    @Inject(JobProducer) private readonly producer: JobProducer,
  ) {}

  async validate(invoiceId: string, run: number): Promise<ValidationOutcome> {
    const started = await this.startRun(invoiceId, run);
    if (!started) return { invoiceId, status: 'skipped', findings: 0, blocking: 0, exceptionIds: [] };
    const { invoice, format, raw, buyerCountry } = started;

    const syntaxFindings = format !== 'json' && raw ? safeSyntaxFindings(raw) : [];
    const supplier = await this.suppliers.load(invoiceId, invoice);
    const findings = validateInvoice(invoice, {
      format, buyerCountry: buyerCountry ?? undefined, supplier, settings: await this.settings.current(), syntaxFindings,
    });
    const blocking = findings.filter((f) => f.severity === 'blocking');

    const exceptionIds = await this.ds.transaction(async (em) => {
      const [cur] = await em.query(`SELECT status, validation_runs FROM invoices WHERE id = $1 FOR UPDATE`, [invoiceId]);
      if (!cur || cur.status !== 'validating' || cur.validation_runs >= run) return null; // another run finished first
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
          [invoiceId, routeKey, category, country, fallback]);
        exceptionOf.set(routeKey, ex.id);
        if (ex.inserted) {
          opened.push(ex.id);
          await recordAudit(em, { aggregateType: 'exception', aggregateId: ex.id, action: 'opened', fromState: null, toState: 'open', actor: SYSTEM,
            reason: group.map((f) => f.ruleId).join(', '), data: { invoiceId, routeKey, findings: group.length } });
        }
      }
      if (findings.length) {
        await em.query(
          `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, expected, actual, hint, route_key)
           SELECT $1, f.exception_id, $2, f.rule_id, f.severity, f.category, f.field_path, f.message, f.expected, f.actual, f.hint, f.route_key
           FROM jsonb_to_recordset($3::jsonb) AS f(exception_id uuid, rule_id text, severity text, category text, field_path text, message text, expected text, actual text, hint text, route_key text)`,
          [invoiceId, run, JSON.stringify(findings.map((f) => ({
            exception_id: f.severity === 'blocking' ? exceptionOf.get(f.routeKey) ?? null : null, rule_id: f.ruleId, severity: f.severity, category: f.category,
            field_path: f.fieldPath, message: f.message, expected: f.expected ?? null, actual: f.actual ?? null, hint: f.hint ?? null, route_key: f.routeKey,
          })))]);
      }
      await em.query(`UPDATE invoices SET status = $2, validation_runs = $3, validated_at = now(), updated_at = now(),
                        finalized_at = CASE WHEN $2 = 'ready' THEN now() ELSE finalized_at END WHERE id = $1`, [invoiceId, to, run]);
      await recordAudit(em, { aggregateType: 'invoice', aggregateId: invoiceId, action: action === 'pass' ? 'validated_touchless' : 'validated_with_exceptions',
        fromState: 'validating', toState: to, actor: SYSTEM,
        reason: blocking.length ? `${blocking.length} blocking finding(s): ${[...new Set(blocking.map((f) => f.ruleId))].slice(0, 10).join(', ')}` : 'no blocking finding',
        data: { run, findings: findings.length, blocking: blocking.length, routeKeys: [...byRoute.keys()] } });
      // After a correction, a route key that fails again reopens its closed exception.
      const reopened = to === 'in_review' ? await reopenAfterRevalidation(em, invoiceId) : [];
      return { status: to, opened, reopened };
    });
    if (!exceptionIds) return { invoiceId, status: 'skipped', findings: 0, blocking: 0, exceptionIds: [] };

    // Routing is queue work; if this enqueue is lost, reconciliation routes every open exception again.
    await this.producer.addBulk(QueueName.ExceptionRoute, [
      ...exceptionIds.opened.map((id) => ({ data: { exceptionId: id, reason: 'opened' }, opts: { jobId: jobIds.route(id, 'opened') } })),
      ...exceptionIds.reopened.map((id) => ({ data: { exceptionId: id, reason: 'reopened' }, opts: { jobId: jobIds.route(id, `reopened-${run}`) } })),
    ]).catch((e) => this.logger.warn(`routing enqueue failed, reconciliation will retry: ${(e as Error).message}`));
    return { invoiceId, status: exceptionIds.status, findings: findings.length, blocking: blocking.length, exceptionIds: [...exceptionIds.opened, ...exceptionIds.reopened] };
  }

  /** received → validating (audited); returns null when this run has nothing to do. */
  private async startRun(invoiceId: string, run: number) {
    return this.ds.transaction(async (em) => {
      const [inv] = await em.query(
        `SELECT status, validation_runs, canonical, format, raw_document, buyer_country FROM invoices WHERE id = $1 FOR UPDATE`, [invoiceId]);
      if (!inv || inv.validation_runs >= run || !invoiceStateMachine.can(inv.status, 'start_validation')) return null;
      if (inv.status !== 'validating') {
        await em.query(`UPDATE invoices SET status = 'validating', updated_at = now() WHERE id = $1`, [invoiceId]);
        await recordAudit(em, { aggregateType: 'invoice', aggregateId: invoiceId, action: 'validation_started', fromState: inv.status, toState: 'validating', actor: SYSTEM, data: { run } });
      }
      return { invoice: inv.canonical as CanonicalInvoice, format: inv.format as 'json' | 'ubl' | 'cii', raw: inv.raw_document as string | null, buyerCountry: inv.buyer_country as string | null };
    });
  }
}

function groupByRoute(findings: Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) m.set(f.routeKey, [...(m.get(f.routeKey) ?? []), f]);
  return m;
}

function safeSyntaxFindings(raw: string): Finding[] {
  try {
    return readInvoiceXml(raw).syntaxFindings;
  } catch {
    return [];
  }
}
