import type { Finding, Severity } from '@app/rules';

/** Every syntax-binding finding is regulatory and lands in the same review queue. */
export function syntaxFinding(
  ruleId: string,
  severity: Severity,
  fieldPath: string,
  message: string,
  actual?: string,
): Finding {
  return {
    ruleId,
    severity,
    category: 'regulatory',
    fieldPath,
    message,
    ...(actual !== undefined ? { actual } : {}),
    routeKey: 'format.syntax',
  };
}
