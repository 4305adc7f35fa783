import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import type { CanonicalInvoice } from '@app/domain';
import { FormatError, readInvoiceXml } from '@app/formats';
import { analyzeAfterBulkWrite } from '@app/persistence';
import { OutboxRelayService } from '@app/queueing';
import { ApiError, conflict } from '../../common/api-error';
import { findUnsafeText } from '../../common/unsafe-text.util';
import { flattenValidationErrors } from '../../common/validation';
import { checkCanonicalLimits } from './canonical-limits';
import { CanonicalInvoiceDto } from './dto/canonical-invoice.dto';
import { IntakeDocument, IntakeResult, IntakeSource, requestHash } from './invoice-record';
import { InvoiceStoreService } from './invoice-store.service';

const invalid = (what: string, details: { path: string; issue: string }[]) =>
  new ApiError(400, 'VALIDATION_FAILED', `${what} is invalid (${details.length} problem${details.length === 1 ? '' : 's'})`, details);

export interface StoredAnswer { status: number; body: unknown }

/**
 * Accepts invoices: parses (XML) or validates (JSON), stores in one transaction with its idempotency
 * record, then hands the invoice to the validation queue.
 */
@Injectable()
export class IntakeService {
  constructor(
    @Inject(InvoiceStoreService) private readonly store: InvoiceStoreService,
    @Inject(OutboxRelayService) private readonly relay: OutboxRelayService,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  private analyzing: Promise<unknown> | null = null;

  /**
   * Reads an XML document into the canonical invoice; bad XML is a 400 with a stable code, and every
   * value read must meet the JSON DTO's limits before it goes near SQL.
   */
  async parseXml(raw: string, contentType: string): Promise<IntakeDocument> {
    let read;
    try {
      read = readInvoiceXml(raw, { maxElements: this.cfg.INTAKE_MAX_XML_ELEMENTS, maxAttributes: this.cfg.INTAKE_MAX_XML_ATTRIBUTES });
    } catch (err) {
      if (err instanceof FormatError) {
        const status = err.code === 'XML_TOO_LARGE' || err.code === 'XML_TOO_MANY_NODES' ? 413 : 400;
        throw new ApiError(status, err.code, err.message, [{ path: err.path ?? '$', issue: err.message, expected: err.expected ?? 'a UBL 2.1 Invoice/CreditNote or a CII CrossIndustryInvoice' }]);
      }
      throw err;
    }
    const { format, invoice } = read;
    const limit = this.countLimits(invoice, '');
    if (limit) throw limit;
    const details = await checkCanonicalLimits(invoice);
    if (details.length) throw invalid('The invoice', details);
    return { format, invoice, raw, rawContentType: contentType };
  }

  /** Lines and allowances per line over the configured limits: 413, before the invoice is read field by field. */
  private countLimits(body: object, prefix: string): ApiError | null {
    const lines = (body as { lines?: unknown }).lines;
    if (!Array.isArray(lines)) return null;
    const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
    if (lines.length > this.cfg.INTAKE_MAX_LINES) {
      return new ApiError(413, 'INTAKE_LIMIT_EXCEEDED', `The invoice has ${lines.length} lines; the limit is ${this.cfg.INTAKE_MAX_LINES}`,
        [{ path: at('lines'), issue: 'too many lines', expected: `at most ${this.cfg.INTAKE_MAX_LINES} lines`, actual: String(lines.length) }]);
    }
    for (let i = 0; i < lines.length; i++) {
      const ac = (lines[i] as { allowanceCharges?: unknown } | null)?.allowanceCharges;
      if (Array.isArray(ac) && ac.length > this.cfg.INTAKE_MAX_ALLOWANCES_PER_LINE) {
        return new ApiError(413, 'INTAKE_LIMIT_EXCEEDED', `Line ${i} has ${ac.length} allowances/charges; the limit is ${this.cfg.INTAKE_MAX_ALLOWANCES_PER_LINE}`,
          [{ path: at(`lines[${i}].allowanceCharges`), issue: 'too many allowances/charges', expected: `at most ${this.cfg.INTAKE_MAX_ALLOWANCES_PER_LINE} per line`, actual: String(ac.length) }]);
      }
    }
    return null;
  }

  async validateJson(body: unknown, pathPrefix = ''): Promise<{ ok: true; doc: IntakeDocument } | { ok: false; error: ApiError }> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, error: new ApiError(400, 'VALIDATION_FAILED', 'The invoice must be a JSON object', [{ path: pathPrefix || '$', issue: 'not an object', expected: 'object', actual: Array.isArray(body) ? 'array' : typeof body }]) };
    }
    const limit = this.countLimits(body, pathPrefix);
    if (limit) return { ok: false, error: limit };
    const unsafe = findUnsafeText(body, pathPrefix);
    if (unsafe.length) return { ok: false, error: invalid('The invoice', unsafe) };
    const dto = plainToInstance(CanonicalInvoiceDto, body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length) return { ok: false, error: invalid('The invoice', flattenValidationErrors(errors, pathPrefix)) };
    return { ok: true, doc: { format: 'json', invoice: dto as unknown as CanonicalInvoice } };
  }

  /** Stores one document, honouring the Idempotency-Key; returns the first answer on replay. */
  async accept(integrationId: string, doc: IntakeDocument, source: IntakeSource, idempotency?: { key: string; body: unknown }): Promise<StoredAnswer> {
    const hash = idempotency ? requestHash(idempotency.body) : null;
    const outcome = await this.store.transaction(async (em) => {
      if (idempotency) {
        const prior = await this.claimKey(em, integrationId, idempotency.key, hash!);
        if (prior) return { replay: prior };
      }
      const result = await this.store.insert(em, integrationId, source, doc);
      const answer: StoredAnswer = { status: 202, body: result };
      if (idempotency) {
        await em.query(`UPDATE idempotency_records SET response_status = $3, response_body = $4 WHERE integration_id = $1 AND key = $2`,
          [integrationId, idempotency.key, answer.status, JSON.stringify(answer.body)]);
      }
      return { fresh: answer, result };
    });
    if ('replay' in outcome) return outcome.replay!;
    if (outcome.result.status === 'received') await this.dispatchQuietly([outcome.result.id]);
    return outcome.fresh;
  }

  /** Each invoice of a batch is accepted or refused on its own; accepted ones commit together. */
  async acceptBatch(integrationId: string, items: unknown[]): Promise<{ results: { index: number; id?: string; status?: string; duplicateOf?: string; error?: unknown }[] }> {
    const checked = await Promise.all(items.map((item, index) => this.validateJson(item, `invoices[${index}]`)));
    const results: { index: number; id?: string; status?: string; duplicateOf?: string; error?: unknown }[] = [];
    const accepted: { index: number; doc: IntakeDocument }[] = [];
    checked.forEach((c, index) => {
      if (c.ok) accepted.push({ index, doc: c.doc });
      else results.push({ index, error: (c.error.getResponse() as { error: unknown }).error });
    });
    // One set-based write for the whole batch (a few statements, not several per invoice).
    const stored: IntakeResult[] = accepted.length
      ? await this.store.transaction((em) => this.store.insertMany(em, integrationId, 'batch', accepted.map((a) => a.doc)))
      : [];
    stored.forEach((r, i) => results.push({ index: accepted[i].index, id: r.id, status: r.status, ...(r.duplicateOf ? { duplicateOf: r.duplicateOf } : {}) }));
    await this.dispatchQuietly(stored.filter((r) => r.status === 'received').map((r) => r.id));
    this.analyzeAfterBatch(checked.filter((c) => c.ok).map((c) => (c as { doc: IntakeDocument }).doc));
    return { results: results.sort((a, b) => a.index - b.index) };
  }

  /**
   * A batch can change a table by more than its statistics know: ANALYZE what it outgrew, in the
   * background (one at a time per process) so the answer does not wait for it.
   */
  private analyzeAfterBatch(docs: IntakeDocument[]): void {
    if (!docs.length || this.analyzing) return;
    const lines = docs.reduce((n, d) => n + (d.invoice.lines?.length ?? 0), 0);
    const vat = docs.reduce((n, d) => n + (d.invoice.vatBreakdown?.length ?? 0), 0);
    this.analyzing = analyzeAfterBulkWrite(this.ds, { invoices: docs.length, invoice_lines: lines, invoice_vat_breakdown: vat, outbox: docs.length, audit_events: docs.length })
      .catch(() => undefined)
      .finally(() => { this.analyzing = null; });
  }

  /** Resolves when a background ANALYZE started by a batch has finished (tests, shutdown). */
  async settled(): Promise<void> {
    await this.analyzing;
  }

  /** The invoice is safe in PostgreSQL; if Redis hiccups now, reconciliation relays the outbox later. */
  private async dispatchQuietly(ids: string[]): Promise<void> {
    try {
      await this.relay.dispatchFresh(ids);
    } catch {
      /* left for the outbox relay */
    }
  }

  private async claimKey(em: EntityManager, integrationId: string, key: string, hash: string): Promise<StoredAnswer | null> {
    const inserted = await em.query(
      `INSERT INTO idempotency_records (integration_id, key, request_hash, response_status, response_body)
       VALUES ($1,$2,$3,0,'{}') ON CONFLICT DO NOTHING RETURNING key`, [integrationId, key, hash]);
    if (inserted.length) return null;
    // Another request owns the key; wait for its transaction by locking the row.
    const [prior] = await em.query(`SELECT request_hash, response_status, response_body FROM idempotency_records WHERE integration_id = $1 AND key = $2 FOR SHARE`, [integrationId, key]);
    if (!prior || prior.request_hash !== hash) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body',
        [{ path: 'headers.idempotency-key', issue: 'key reused with another body', expected: 'the same body as the first request', actual: 'a different body' }]);
    }
    return { status: prior.response_status, body: prior.response_body };
  }
}
