/** What a reviewer decides about an exception. */
export const DECISIONS = ['approve', 'reject', 'return_to_supplier', 'correct'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A field correction, addressed like a finding's field path: "seller.iban", "lines[0].vatRate". */
export interface FieldCorrection {
  fieldPath: string;
  value: string | null;
}

/**
 * The invoice outcome once every exception is closed: one rejection rejects the invoice, else one
 * return sends it back to the supplier, else it is ready.
 */
export function invoiceOutcome(decisions: (string | null)[]): 'approve' | 'reject' | 'return_to_supplier' {
  if (decisions.includes('reject')) return 'reject';
  if (decisions.includes('return_to_supplier')) return 'return_to_supplier';
  return 'approve';
}
