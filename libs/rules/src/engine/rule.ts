import type { CanonicalInvoice } from '@app/domain';
import type { RuleSettings } from './rule-settings';
import type { SupplierContext } from './supplier-context';

export type Severity = 'blocking' | 'warning';
export type RuleCategory = 'regulatory' | 'supplier' | 'data-quality';

/** One reason an invoice cannot pass untouched (or a warning worth showing). */
export interface Finding {
  ruleId: string; // official id where one exists (BR-CO-10, BR-S-08, NL-R-001), else ours (FI-VAT-RATE, SUP-IBAN)
  severity: Severity;
  category: RuleCategory;
  fieldPath: string; // canonical JSON path, e.g. "lines[2].vatRate", "seller.vatId", "totals.payable"
  message: string; // one sentence a reviewer understands
  expected?: string;
  actual?: string;
  hint?: string; // what to do about it
  routeKey: string; // review queue key the finding is routed to: "vat.EE", "po.price-variance", ...
}

/** What a rule sees besides the invoice: the date, the buying entity, effective-dated settings, master data. */
export interface RuleContext {
  invoice: CanonicalInvoice;
  /** Country of the buying entity that received the invoice (EE FI SE NO DK LV LT PL DE NL), if known. */
  buyerCountry?: string;
  /** Effective-dated settings (VAT rates, tolerances) resolved by the engine for the invoice date. */
  settings: RuleSettings;
  /** Master data about the seller; absent when the supplier pack is not run. */
  supplier?: SupplierContext;
  /** Intake format the invoice was read from ('json' when posted as canonical JSON). */
  format?: InvoiceFormat;
  /** ISO date (YYYY-MM-DD) the rules are evaluated for: effective dating of rules and settings. */
  on?: string;
}

export type InvoiceFormat = 'json' | 'ubl' | 'cii';

export interface RuleScope {
  /** Countries (buyer or seller side, see rule) the rule applies to; absent = all. */
  countries?: string[];
  /** Formats the rule applies to (syntax-binding rules): absent = all. */
  formats?: InvoiceFormat[];
}

export interface RuleDefinition {
  id: string;
  category: RuleCategory;
  severity: Severity;
  description: string; // one line, for GET /v1/rules
  pack: string; // 'en16931' | 'country.EE' | ... | 'supplier' | 'peppol'
  /** Where the rule looks (canonical JSON path), for the catalogue; findings give the exact element. */
  fieldPath?: string;
  /** What a reviewer does about a finding of this rule, for the catalogue. */
  hint?: string;
  scope?: RuleScope;
  /** Effective date range of the rule itself (ISO dates, inclusive from, exclusive to). */
  effectiveFrom?: string;
  effectiveTo?: string;
  /**
   * A precondition several rules share (one function object, e.g. "the invoice declares Peppol BIS"):
   * when it is false the rule reports nothing, so the engine skips the rule without evaluating it.
   * The engine asks it once for a run of consecutive rules that share it. Optional; evaluate still
   * checks the precondition itself when it is called directly.
   */
  when?: (ctx: RuleContext) => boolean;
  /** Returns zero or more findings; must not throw on missing data (report it instead). */
  evaluate(ctx: RuleContext): Finding[];
}
