/** Master data the supplier pack checks against, loaded by the caller (the worker) from PostgreSQL. */
export interface SupplierRecord {
  id: string;
  name: string;
  vatId?: string;
  countryCode: string;
  blocked: boolean;
  blockedReason?: string;
  requiresPo: boolean;
  bankAccounts: string[]; // IBANs on file, normalised (no spaces, upper case)
  priceTolerancePct: string; // e.g. "2.0"
  quantityTolerancePct: string; // e.g. "0"
  paymentTermsDays?: number;
  currency?: string;
}

export interface PurchaseOrderRecord {
  id: string;
  number: string;
  supplierId: string;
  currency: string;
  lines: { lineNumber: string; description?: string; quantity: string; unitPrice: string }[];
}

export interface GoodsReceiptRecord {
  poNumber: string;
  lines: { poLineNumber: string; quantityReceived: string }[];
}

export interface PriorInvoiceRecord {
  id: string;
  invoiceNumber: string;
  issueDate: string;
  payable: string;
  currency: string;
}

export interface SupplierContext {
  /** The supplier matched by seller VAT id (or null when none is on file). */
  supplier: SupplierRecord | null;
  /** The PO named by purchaseOrderReference, if any was found (of any supplier). */
  purchaseOrder: PurchaseOrderRecord | null;
  goodsReceipts: GoodsReceiptRecord[];
  /** Earlier invoices of the same seller (recent window), for exact and near duplicate checks. */
  priorInvoices: PriorInvoiceRecord[];
}
