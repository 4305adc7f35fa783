/** The columns of a supplier every supplier statement selects (tolerances as text, so no float touches them). */
export interface SupplierColumns {
  id: string;
  name: string;
  vat_id: string;
  country_code: string;
  blocked: boolean;
  blocked_reason: string | null;
  requires_po: boolean;
  /** Price and quantity tolerances (percent) as decimal text. */
  ptol: string;
  qtol: string;
  payment_terms_days: number | null;
  currency: string | null;
}
