import type { SupplierColumns } from '@app/persistence';

/** A supplier row as the supplier statements select it (tolerances as text, so no float touches them). */
export interface SupplierRecordRow extends SupplierColumns {
  language: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The supplier record as the API shows it: in master data and beside an exception in its decision context. */
export function supplierView(s: SupplierRecordRow) {
  return {
    id: s.id,
    name: s.name,
    vatId: s.vat_id,
    countryCode: s.country_code,
    blocked: s.blocked,
    blockedReason: s.blocked_reason,
    requiresPo: s.requires_po,
    priceTolerancePct: s.ptol,
    quantityTolerancePct: s.qtol,
    paymentTermsDays: s.payment_terms_days,
    currency: s.currency,
    language: s.language,
    createdAt: iso(s.created_at),
    updatedAt: iso(s.updated_at),
  };
}
