/** A finding's texts in the response language, with the stored English originals beside them. */
export interface LocalizedFindingText {
  message: string;
  hint: string | null;
  /** The rule's longer explanation in the response language, when it has one. */
  detail: string | null;
  messageEn: string;
  hintEn: string | null;
}

/** What a rule found, where (a canonical field path) and what it expected. */
export interface FindingView extends LocalizedFindingText {
  ruleId: string;
  severity: string;
  fieldPath: string;
  expected: string | null;
  actual: string | null;
}
