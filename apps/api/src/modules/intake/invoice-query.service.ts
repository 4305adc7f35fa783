import { Inject, Injectable } from '@nestjs/common';
import { FindingsRepository, InvoicesRepository } from '@app/persistence';
import { DEFAULT_LANGUAGE, localizeFinding, supplierLanguage, type Language } from '@app/rules';
import { SYSTEM_FAILED_RULE } from '@app/triage';
import { badRequest, notFound } from '../../common/api-error';
import { localizedFinding } from '../../common/language/request-language';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Statuses in which the invoice goes back to its supplier with reasons. */
const SENT_BACK = new Set(['returned_to_supplier', 'rejected']);

interface SupplierFinding {
  ruleId: string;
  severity: string;
  fieldPath: string;
  message: string;
  expected: string | null;
  actual: string | null;
  hint: string | null;
}

export interface InvoiceScope {
  integrationId?: string;
} // absent = staff (sees every invoice)

/** Reads invoices for integrations (their own only) and staff. */
@Injectable()
export class InvoiceQueryService {
  constructor(
    @Inject(InvoicesRepository) private readonly invoices: InvoicesRepository,
    @Inject(FindingsRepository) private readonly findings: FindingsRepository,
  ) {}

  /** The PDF a Factur-X / ZUGFeRD invoice was posted as; 404 when the invoice came as XML or JSON. */
  async original(
    id: string,
    scope: InvoiceScope,
  ): Promise<{ contentType: string; attachment: string; content: Buffer }> {
    if (!UUID.test(id)) throw notFound('Invoice', id);
    const row = await this.invoices.original(id, scope.integrationId ?? null);
    if (!row) throw notFound('Original PDF of invoice', id);
    return { contentType: row.content_type, attachment: row.attachment_name, content: row.content };
  }

  /** One invoice with the findings of its last run, their texts in `lang` (English originals kept). */
  async get(id: string, scope: InvoiceScope, lang: Language = DEFAULT_LANGUAGE) {
    if (!UUID.test(id)) throw notFound('Invoice', id);
    const inv = await this.invoices.detail(id, scope.integrationId ?? null);
    if (!inv) throw notFound('Invoice', id);
    const findings = await this.findings.ofRun(id, inv.validation_runs);
    // Over the per-rule cap the findings are counted, not stored: the first ones carry the paths.
    const suppressed = await this.findings.suppressionsOfRun(id, inv.validation_runs);
    // A pipeline failure's error text is for staff; an integration sees that the invoice waits for an administrator.
    if (scope.integrationId) for (const f of findings) if (f.ruleId === SYSTEM_FAILED_RULE) f.actual = null;
    const run = await this.findings.run(id, inv.validation_runs);
    const supplierMessage = SENT_BACK.has(inv.status) ? await this.supplierMessage(inv, findings) : null;
    const exceptions = await this.invoices.exceptionsOf(id);
    return {
      id: inv.id,
      status: inv.status,
      format: inv.format,
      source: inv.source,
      documentKind: inv.document_kind,
      invoiceNumber: inv.invoice_number,
      issueDate: inv.issue_date,
      dueDate: inv.due_date,
      currency: inv.currency,
      seller: { name: inv.seller_name, vatId: inv.seller_vat_id, countryCode: inv.seller_country },
      buyer: { vatId: inv.buyer_vat_id, countryCode: inv.buyer_country },
      supplierId: inv.supplier_id,
      purchaseOrderReference: inv.purchase_order_reference,
      payable: inv.payable,
      duplicateOf: inv.duplicate_of,
      receivedAt: iso(inv.received_at),
      validatedAt: iso(inv.validated_at),
      finalizedAt: iso(inv.finalized_at),
      validationRuns: inv.validation_runs,
      // Provenance of the latest run: the packs (name, version) that judged it and the hash of its effective settings.
      validation: run
        ? {
            run: run.run,
            packs: run.packs.map((p) => ({
              name: p.name,
              version: p.version,
              contentHash: p.contentHash,
            })),
            settingsHash: run.settings_hash,
            findings: run.findings,
            blocking: run.blocking,
            at: iso(run.created_at),
          }
        : null,
      invoice: inv.canonical,
      lang,
      supplierMessage,
      findings: findings.map((f) => localizedFinding(f, lang)),
      exceptions: exceptions.map((e) => ({
        ...e,
        slaDueAt: iso(e.slaDueAt),
        createdAt: iso(e.createdAt)!,
        resolvedAt: iso(e.resolvedAt),
      })),
      findingsSuppressed: suppressed,
      findingsTotal: findings.length + suppressed.reduce((n, r) => n + r.suppressed, 0),
      ...(scope.integrationId ? {} : { attempts: inv.attempts, lastError: inv.last_error }),
    };
  }

  /**
   * The reasons of a rejected or returned invoice as the supplier reads them: the blocking findings in the
   * supplier's language (master data), else the seller country's language, else English.
   */
  private async supplierMessage(
    inv: { supplier_id: string | null; seller_country: string | null },
    findings: SupplierFinding[],
  ) {
    const supplier = inv.supplier_id ? await this.invoices.supplierLanguageOf(inv.supplier_id) : null;
    const lang = supplierLanguage(supplier, inv.seller_country);
    return {
      lang,
      reasons: findings
        .filter((f) => f.severity === 'blocking' && f.ruleId !== SYSTEM_FAILED_RULE)
        .map((f) => {
          const t = localizeFinding(f, lang);
          return {
            ruleId: f.ruleId,
            fieldPath: f.fieldPath,
            message: t.message,
            hint: t.hint ?? null,
            detail: t.detail ?? null,
          };
        }),
    };
  }

  async list(
    q: { status?: string; country?: string; supplierId?: string; limit?: string; cursor?: string },
    scope: InvoiceScope,
  ) {
    const limit = Number(q.limit ?? 50);
    let after: { t: string; id: string } | null = null;
    if (q.cursor) {
      try {
        const [t, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
        if (!t || !UUID.test(id) || Number.isNaN(Date.parse(t))) throw new Error();
        after = { t, id };
      } catch {
        throw badRequest('INVALID_CURSOR', 'The cursor is not one this API returned', [
          { path: 'query.cursor', issue: 'not a valid cursor', expected: 'nextCursor of a previous page' },
        ]);
      }
    }
    const rows = await this.invoices.page({
      integrationId: scope.integrationId ?? null,
      status: q.status ?? null,
      country: q.country ?? null,
      supplierId: q.supplierId ?? null,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        status: r.status,
        format: r.format,
        invoiceNumber: r.invoice_number,
        sellerName: r.seller_name,
        sellerVatId: r.seller_vat_id,
        buyerCountry: r.buyer_country,
        currency: r.currency,
        payable: r.payable,
        receivedAt: iso(r.received_at),
      })),
      nextCursor: rows.length > limit && last ? Buffer.from(`${last.cursor_t}|${last.id}`).toString('base64url') : null,
    };
  }
}

function iso(v: unknown): string | null {
  return v ? new Date(v as string).toISOString() : null;
}
