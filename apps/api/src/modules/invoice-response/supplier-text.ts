import { catalogueLabel, localizeFinding, supplierLanguage, type Language } from '@app/rules';

/** The words the supplier reads in an Invoice Response, in the supplier's language (the rule message catalogue). */
export interface SupplierTextFinding {
  ruleId: string;
  fieldPath: string;
  message: string;
  expected: string | null;
  actual: string | null;
  hint: string | null;
}

export type SupplierTextSubject =
  | { kind: 'finding'; finding: SupplierTextFinding }
  | { kind: 'duplicate'; duplicateOf: string | null }
  | { kind: 'other' };

/** The supplier's language from master data, else the seller country's, else English. */
export const responseLanguage = (
  supplier: { language: string | null; countryCode: string | null } | null,
  sellerCountry: string | null,
): Language => supplierLanguage(supplier, sellerCountry);

export function supplierText(s: SupplierTextSubject, lang: Language): string {
  switch (s.kind) {
    case 'finding':
      return `${s.finding.ruleId}: ${localizeFinding(s.finding, lang).message}`;
    case 'duplicate': {
      // The exact-duplicate rule's sentence, in the supplier's language where the catalogue has it.
      const english = s.duplicateOf
        ? `Duplicate of invoice ${s.duplicateOf}, already received.`
        : 'Duplicate of an invoice already received.';
      const text = localizeFinding({ ruleId: 'DUP-EXACT', message: english, actual: s.duplicateOf }, lang).message;
      return s.duplicateOf && !text.includes(s.duplicateOf) ? `${text} (${s.duplicateOf})` : text;
    }
    case 'other':
      return catalogueLabel('label.response-see-conditions', lang);
  }
}
