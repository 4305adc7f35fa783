import type { CanonicalInvoice, Recomputation } from '@app/domain';
import type { FindingView } from './findings.contract';

export type ContextKind = 'purchase-order' | 'duplicate' | 'bank-account' | 'vat' | 'supplier' | 'data';

/** One invoice line beside its purchase-order line and the quantity received (the 3-way match). */
export interface PoLineMatch {
  index: number;
  invoiceLine: {
    id: string | null;
    description: string | null;
    quantity: string | null;
    unitCode: string | null;
    unitPrice: string | null;
    netAmount: string | null;
  };
  poLine: { lineNumber: string; description: string | null; quantity: string; unitPrice: string } | null;
  receivedQuantity: string | null;
  priceVariancePct: string | null;
  /** null: nothing to compare. */
  priceWithinTolerance: boolean | null;
  quantityVariance: string | null;
  quantityWithinTolerance: boolean | null;
  matchedBy: string | null;
}

export interface GoodsReceiptView {
  id: string;
  reference: string | null;
  receivedAt: string | null;
  poLineNumber: string;
  quantity: string;
}

/** The purchase order the invoice refers to; `found: false` when there is none on file. */
export interface PurchaseOrderContext {
  reference: string | null;
  found: boolean;
  number?: string;
  currency?: string;
  supplierName?: string | null;
  belongsToSupplier?: boolean;
  tolerance?: { pricePct: string; quantityPct: string };
  /** '3-way' with goods receipts, else '2-way'. */
  match?: string;
  lines: PoLineMatch[];
  receipts: GoodsReceiptView[];
  poLines?: { lineNumber: string; description: string | null; quantity: string; unitPrice: string }[];
}

/** The earlier invoice side by side, field by field. */
export interface DuplicateContext {
  earlier: null | {
    id: string;
    invoiceNumber: string | null;
    status: string;
    receivedAt: string | null;
    invoice: CanonicalInvoice | null;
  };
  fields?: { path: string; current: string | null; earlier: string | null; differs: boolean }[];
  differences: string[];
}

/** The supplier record, the bank accounts on file and the audited history of their changes. */
export interface SupplierContext {
  known: boolean;
  invoiceIban: string | null;
  /** Whether the invoice's IBAN is on file (null: the invoice names none). */
  ibanOnFile?: boolean | null;
  record: null | {
    id: string;
    name: string;
    vatId: string;
    countryCode: string;
    blocked: boolean;
    blockedReason: string | null;
    requiresPo: boolean;
    priceTolerancePct: string;
    quantityTolerancePct: string;
    paymentTermsDays: number | null;
    currency: string | null;
    /** The language of the Invoice Response texts the supplier reads (null: its country's). */
    language: string | null;
    createdAt: string | null;
    updatedAt: string | null;
  };
  accounts: { iban: string; addedAt: string | null }[];
  history: {
    id: number;
    action: string;
    actorType: string;
    actorName: string | null;
    reason: string | null;
    occurredAt: string | null;
    accountsAdded: string[];
    accountsRemoved: string[];
  }[];
}

/** What was decided before on the same supplier, rule and field. Information only: never applied. */
export interface DecisionSuggestion {
  ruleId: string;
  fieldPath: string;
  /** Decided exceptions of the same supplier, rule and field (the newest, at most the history limit). */
  total: number;
  decisions: {
    decision: string;
    count: number;
    /** The reason code given most often with this decision, its label, and the newest free-text reason. */
    reasonCode: string | null;
    reasonLabel: string | null;
    lastReason: string | null;
    lastDecidedAt: string;
  }[];
  /** "approved 14 of 15 times, reason: Price agreed by buyer" */
  summary: string;
}

export interface DocumentLine {
  n: number;
  text: string;
  highlight: boolean;
}

/** The original document pretty-printed line by line, the lines the findings point at marked. */
export interface DocumentView {
  format: string;
  contentType: string | null;
  lines: DocumentLine[];
  /** Field paths found in the document, and those that could not be located. */
  located: string[];
  notLocated: string[];
}

/** GET /v1/exceptions/{id}/context: what the decision needs, by kind. */
export interface ExceptionContext {
  exceptionId: string;
  kind: ContextKind;
  lang: string;
  /** The item's own findings, texts in `lang`. */
  findings: FindingView[];
  purchaseOrder: PurchaseOrderContext | null;
  duplicate: DuplicateContext | null;
  supplier: SupplierContext | null;
  suggestions: DecisionSuggestion[];
  /** VAT breakdown and totals recomputed from the lines. */
  vat: Recomputation;
  /** The PDF the invoice was posted as (Factur-X / ZUGFeRD), served by GET /v1/exceptions/{id}/original. */
  original: { contentType: string; attachment: string; byteSize: number; url: string } | null;
  document: DocumentView;
}
