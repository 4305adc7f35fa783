/** A rule of GET /v1/rules, texts in the response language (English originals beside them). */
export interface RuleInfo {
  id: string;
  category: string;
  severity: string;
  pack: string;
  /** Countries and formats the rule applies to; absent = all. */
  scope?: { countries?: string[]; formats?: string[] } | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  fieldPath: string | null;
  description: string;
  hint: string | null;
  descriptionEn: string;
  hintEn: string | null;
}

/** GET /v1/rules. */
export interface RuleCatalogue {
  count: number;
  lang: string;
  items: RuleInfo[];
}

/** A reason code a reviewer picks when deciding. */
export interface ReasonCode {
  code: string;
  label: string;
  decisions: string[];
  active: boolean;
  sort: number;
  invoiceResponseReason: string | null;
  invoiceResponseAction: string | null;
}

/** GET /v1/reason-codes. */
export interface ReasonCodeList {
  items: ReasonCode[];
}
