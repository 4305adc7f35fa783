import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { analyzeDue, analyzeIfOutgrown, GroupCommit, type Settled, writeInGroup } from '@app/persistence';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { DispatchCoalescer, OutboxRelayService, VALIDATION_GROUP_SIZE } from '@app/queueing';
import { ApiError, conflict } from '../../common/api-error';
import { IdempotencyRepository } from './idempotency.repository';
import { IntakeDocument, IntakeResult, IntakeSource } from './invoice-record';
import { InvoiceStoreService } from './invoice-store.service';
import { checkInvoiceObject } from './reading/check-invoice-object';
import { IntakeBodyReader } from './reading/intake-body-reader.service';
import type { IntakeFailure } from './reading/intake-limits';
import type { IntakeBody } from './reading/read-intake-body';

/** Rows of one table written since its last check that make the next check worth a query (see analyzeAfterWrite). */
const ANALYZE_CHECK_ROWS = 500;

const toApiError = (f: IntakeFailure) => new ApiError(f.status, f.code, f.message, f.details);

interface SingleDocument {
  integrationId: string;
  source: IntakeSource;
  doc: IntakeDocument;
}

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/**
 * Accepts invoices: parses (XML) or validates (JSON), stores in one transaction with its idempotency
 * record, then hands the invoice to the validation queue.
 */
@Injectable()
export class IntakeService implements BeforeApplicationShutdown {
  constructor(
    @Inject(InvoiceStoreService) private readonly store: InvoiceStoreService,
    @Inject(OutboxRelayService) private readonly relay: OutboxRelayService,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(IntakeBodyReader) private readonly reader: IntakeBodyReader,
    @Inject(IdempotencyRepository) private readonly idempotency: IdempotencyRepository,
    @Inject(APP_CONFIG) cfg: EnvironmentVariables,
  ) {
    this.singlesDispatch =
      cfg.INTAKE_DISPATCH_LINGER_MS > 0
        ? new DispatchCoalescer(
            (ids) => this.relay.dispatchFresh(ids),
            VALIDATION_GROUP_SIZE,
            cfg.INTAKE_DISPATCH_LINGER_MS,
          )
        : null;
  }

  /** Single POSTs' invoices on their way to the validation queue in bigger jobs (INTAKE_DISPATCH_LINGER_MS > 0). */
  private readonly singlesDispatch: DispatchCoalescer | null;

  /** What single POSTs left waiting for the queue goes now, while the queues are open (else reconciliation takes it later). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.singlesDispatch?.drain();
  }

  private analyzing: Promise<unknown> | null = null;

  /**
   * Single documents posted at the same time (without an Idempotency-Key or a PDF original) are stored
   * together: one transaction and one dispatch per group instead of one each (GroupCommit).
   */
  private readonly singles = new GroupCommit<SingleDocument, IntakeResult>((items) => this.storeSingles(items));

  /** Reads a posted JSON or XML invoice (big ones on a worker thread); a refused body is an ApiError in the contract. */
  async read(body: IntakeBody, contentType: string): Promise<{ doc: IntakeDocument; hash: string }> {
    const out = await this.reader.read(body);
    if (!out.ok) throw toApiError(out.failure);
    const raw =
      body.kind === 'pdf' && out.embedded
        ? {
            raw: out.embedded.xml,
            rawContentType: 'application/xml',
            original: {
              bytes: body.bytes,
              contentType: 'application/pdf' as const,
              attachment: out.embedded.attachment,
            },
          }
        : body.kind === 'xml'
          ? { raw: body.text, rawContentType: contentType }
          : {};
    return {
      doc: {
        format: out.format,
        invoice: out.header,
        serialized: out.serialized,
        syntaxFindings: out.syntaxFindings,
        ...raw,
      },
      hash: out.hash,
    };
  }

  async validateJson(
    body: unknown,
    pathPrefix = '',
  ): Promise<{ ok: true; doc: IntakeDocument } | { ok: false; error: ApiError }> {
    const checked = await checkInvoiceObject(body, pathPrefix, this.reader.limits);
    if (!checked.ok) return { ok: false, error: toApiError(checked.failure) };
    return { ok: true, doc: { format: 'json', invoice: checked.invoice } };
  }

  /** Stores one document, honouring the Idempotency-Key; returns the first answer on replay. */
  async accept(
    integrationId: string,
    doc: IntakeDocument,
    source: IntakeSource,
    idempotency?: { key: string; hash: string },
  ): Promise<StoredAnswer> {
    if (!idempotency && !doc.original)
      return { status: 202, body: await this.singles.submit({ integrationId, source, doc }) };
    const hash = idempotency?.hash ?? null;
    const outcome = await this.store.transaction(async (em) => {
      if (idempotency) {
        const prior = await this.claimKey(em, integrationId, idempotency.key, hash!);
        if (prior) return { replay: prior };
      }
      const result = await this.store.insert(em, integrationId, source, doc);
      if (doc.original) await this.store.insertOriginal(em, result.id, doc.original);
      const answer: StoredAnswer = { status: 202, body: result };
      if (idempotency) {
        await this.idempotency.saveAnswer(em, integrationId, idempotency.key, answer.status, answer.body);
      }
      return { fresh: answer, result };
    });
    if ('replay' in outcome) return outcome.replay!;
    if (outcome.result.status === 'received') await this.dispatchQuietly([outcome.result.id]);
    return outcome.fresh;
  }

  /**
   * A group of single documents in one transaction, set-based per integration (insertMany: the same
   * duplicate rule as for separate requests, a later copy of the group is a duplicate of the first),
   * integrations in id order so that the seller + number locks are always taken in one order. If the
   * group's transaction fails, each document is stored alone. Then one dispatch for the whole group.
   */
  private async storeSingles(items: SingleDocument[]): Promise<Settled<IntakeResult>[]> {
    const write = async (em: EntityManager, group: SingleDocument[]): Promise<IntakeResult[]> => {
      const out = new Array<IntakeResult>(group.length);
      const keys = [...new Set(group.map((g) => `${g.integrationId}\u0000${g.source}`))].sort();
      for (const key of keys) {
        const idx = group.map((g, i) => i).filter((i) => `${group[i].integrationId}\u0000${group[i].source}` === key);
        const { integrationId, source } = group[idx[0]];
        const stored = await this.store.insertMany(
          em,
          integrationId,
          source,
          idx.map((i) => group[i].doc),
        );
        idx.forEach((i, k) => (out[i] = stored[k]));
      }
      return out;
    };
    const out = await writeInGroup((work) => this.store.transaction(work), items, write);
    this.analyzeAfterWrite(items.filter((_, i) => out[i].ok).map((g) => g.doc));
    const fresh = out.flatMap((o) => (o.ok && o.value.status === 'received' ? [o.value.id] : []));
    // Committed: `received` in PostgreSQL whatever happens to the hand-on (reconciliation finds a lost one).
    if (this.singlesDispatch) this.singlesDispatch.add(fresh);
    else await this.dispatchQuietly(fresh);
    return out;
  }

  /** Each invoice of a batch is accepted or refused on its own; accepted ones commit together. */
  async acceptBatch(
    integrationId: string,
    items: unknown[],
  ): Promise<{ results: { index: number; id?: string; status?: string; duplicateOf?: string; error?: unknown }[] }> {
    const checked = await Promise.all(items.map((item, index) => this.validateJson(item, `invoices[${index}]`)));
    const results: { index: number; id?: string; status?: string; duplicateOf?: string; error?: unknown }[] = [];
    const accepted: { index: number; doc: IntakeDocument }[] = [];
    checked.forEach((c, index) => {
      if (c.ok) accepted.push({ index, doc: c.doc });
      else results.push({ index, error: (c.error.getResponse() as { error: unknown }).error });
    });
    // One set-based write for the whole batch (a few statements, not several per invoice).
    const stored: IntakeResult[] = accepted.length
      ? await this.store.transaction((em) =>
          this.store.insertMany(
            em,
            integrationId,
            'batch',
            accepted.map((a) => a.doc),
          ),
        )
      : [];
    stored.forEach((r, i) =>
      results.push({
        index: accepted[i].index,
        id: r.id,
        status: r.status,
        ...(r.duplicateOf ? { duplicateOf: r.duplicateOf } : {}),
      }),
    );
    await this.dispatchQuietly(stored.filter((r) => r.status === 'received').map((r) => r.id));
    this.analyzeAfterWrite(checked.filter((c) => c.ok).map((c) => (c as { doc: IntakeDocument }).doc));
    return { results: results.sort((a, b) => a.index - b.index) };
  }

  /** Rows written by this process per table since they last led to an ANALYZE (or were found not to need one). */
  private unanalyzed: Record<string, number> = {};
  /** Per table, the age of its statistics as last found here: rows then, and when (this process's clock). */
  private statistics = new Map<string, { rows: number; at: number }>();

  /**
   * Writes can change a table by more than its statistics know: a batch at once, single POSTs a group of a
   * few at a time. What this process wrote is counted per table, and once a table's count makes it due
   * (`analyzeDue`, judged against the age of its statistics found at the last check; a table not looked at
   * yet once it has 500 new rows) the tables that outgrew theirs are analyzed, in the background (one at a
   * time per process) so that no answer waits for it; counts of the tables that did not need it carry on.
   * Nothing is queried while nothing can be due: checking after every group once a count passed 500 cost
   * a query per group. A new deployment filling through singles otherwise planned from the sizes of empty
   * tables until the worker's maintenance pass came by.
   */
  private analyzeAfterWrite(docs: IntakeDocument[]): void {
    if (!docs.length) return;
    const written = {
      invoices: docs.length,
      audit_events: docs.length,
    };
    for (const [t, n] of Object.entries(written)) this.unanalyzed[t] = (this.unanalyzed[t] ?? 0) + n;
    if (this.analyzing || !this.someMayBeDue()) return;
    const counted = this.unanalyzed;
    this.unanalyzed = {};
    const at = Date.now();
    this.analyzing = analyzeIfOutgrown(this.ds, counted)
      .then(({ analyzed, ages }) => {
        for (const a of ages)
          this.statistics.set(
            a.table,
            analyzed.includes(a.table)
              ? { rows: Math.max(a.rows, 0) + counted[a.table], at }
              : { rows: a.rows, at: at - a.secondsSince * 1000 },
          );
        // Not outgrown yet: those rows still count toward the next check.
        for (const [t, n] of Object.entries(counted))
          if (!analyzed.includes(t)) this.unanalyzed[t] = (this.unanalyzed[t] ?? 0) + n;
      })
      .catch(() => undefined)
      .finally(() => {
        this.analyzing = null;
      });
  }

  private someMayBeDue(): boolean {
    const now = Date.now();
    return Object.entries(this.unanalyzed).some(([table, n]) => {
      const known = this.statistics.get(table);
      if (!known) return n >= ANALYZE_CHECK_ROWS;
      return known.rows < 0 || analyzeDue(n, known.rows, (now - known.at) / 1000);
    });
  }

  /** Resolves when a background ANALYZE started by intake has finished (tests, shutdown). */
  async settled(): Promise<void> {
    await this.analyzing;
  }

  /**
   * The invoice is safe in PostgreSQL, `received`: if Redis hiccups now, the worker's reconciliation finds it
   * once it has waited RECONCILE_STALE_SECONDS and enqueues it under the same job id.
   */
  private async dispatchQuietly(ids: string[]): Promise<void> {
    try {
      await this.relay.dispatchFresh(ids);
    } catch {
      /* left for reconciliation */
    }
  }

  private async claimKey(
    em: EntityManager,
    integrationId: string,
    key: string,
    hash: string,
  ): Promise<StoredAnswer | null> {
    if (await this.idempotency.claim(em, integrationId, key, hash)) return null;
    // Another request owns the key; wait for its transaction by locking the row.
    const prior = await this.idempotency.prior(em, integrationId, key);
    if (!prior || prior.request_hash !== hash) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body', [
        {
          path: 'headers.idempotency-key',
          issue: 'key reused with another body',
          expected: 'the same body as the first request',
          actual: 'a different body',
        },
      ]);
    }
    return { status: prior.response_status, body: prior.response_body };
  }
}
