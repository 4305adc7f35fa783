import type { CanonicalInvoice } from '@app/domain';
import type { FindingView } from './findings.contract';

/** POST /v1/invoices/batch: one outcome per posted invoice, in order. */
export interface IntakeBatchResult {
  results: {
    index: number;
    id?: string;
    status?: string;
    duplicateOf?: string;
    /** The error body of this invoice alone (`ApiErrorBody['error']`). */
    error?: unknown;
  }[];
}

/** A finding of GET /v1/invoices/{id}: the rule's verdict on the latest validation run. */
export interface InvoiceFinding extends FindingView {
  category: string;
  routeKey: string | null;
  exceptionId: string | null;
}

/** An exception opened for the invoice (one per route key). */
export interface InvoiceExceptionSummary {
  id: string;
  queueKey: string;
  routeKey: string;
  status: string;
  assigneeId: string | null;
  decision: string | null;
  slaDueAt: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

/** Which rule packs judged the latest run, and the hash of the effective settings. */
export interface ValidationProvenance {
  run: number;
  packs: { name: string; version: string; contentHash: string }[];
  settingsHash: string;
  findings: number;
  blocking: number;
  at: string | null;
}

/** The reasons of a rejected or returned invoice in the supplier's language. */
export interface SupplierMessage {
  lang: string;
  reasons: { ruleId: string; fieldPath: string; message: string; hint: string | null; detail: string | null }[];
}

/** GET /v1/invoices/{id}. */
export interface InvoiceView {
  id: string;
  status: string;
  format: string;
  source: string;
  documentKind: string | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string | null;
  seller: { name: string | null; vatId: string | null; countryCode: string | null };
  buyer: { vatId: string | null; countryCode: string | null };
  supplierId: string | null;
  purchaseOrderReference: string | null;
  /** Decimal string. */
  payable: string | null;
  duplicateOf: string | null;
  receivedAt: string | null;
  validatedAt: string | null;
  finalizedAt: string | null;
  validationRuns: number;
  validation: ValidationProvenance | null;
  invoice: CanonicalInvoice | null;
  /** The language of the finding texts. */
  lang: string;
  supplierMessage: SupplierMessage | null;
  findings: InvoiceFinding[];
  exceptions: InvoiceExceptionSummary[];
  /** Findings over the per-rule cap: counted, not stored. */
  findingsSuppressed: { ruleId: string; suppressed: number }[];
  findingsTotal: number;
  /** Staff only (not shown to integrations). */
  attempts?: number;
  lastError?: string | null;
}

/** A row of GET /v1/invoices. */
export interface InvoiceListItem {
  id: string;
  status: string;
  format: string;
  invoiceNumber: string | null;
  sellerName: string | null;
  sellerVatId: string | null;
  buyerCountry: string | null;
  currency: string | null;
  payable: string | null;
  receivedAt: string | null;
}

/** GET /v1/invoices: newest first, keyset paged. */
export interface InvoiceListPage {
  items: InvoiceListItem[];
  nextCursor: string | null;
}
