import type { Finding } from '@app/rules';

export interface CappedFindings {
  /** The first `perRule` findings of each rule, in the order the engine produced them (exact paths kept). */
  kept: Finding[];
  /** Findings left out, per rule id (only rules that produced more than `perRule`). */
  suppressed: Record<string, number>;
  total: number;
}

/**
 * Caps findings per rule, in one pass: a document whose 150,000 allowances each disagree with their line
 * must not become 150,000 rows, audit texts and routing work. The first findings show the reviewer
 * where to look; the count says how many more there are.
 */
export function capFindings(findings: readonly Finding[], perRule: number): CappedFindings {
  const seen = new Map<string, number>();
  const kept: Finding[] = [];
  const suppressed: Record<string, number> = {};
  for (const f of findings) {
    const n = (seen.get(f.ruleId) ?? 0) + 1;
    seen.set(f.ruleId, n);
    if (n <= perRule) kept.push(f);
    else suppressed[f.ruleId] = (suppressed[f.ruleId] ?? 0) + 1;
  }
  return { kept, suppressed, total: findings.length };
}

/** Groups findings by route key in one pass (no array copying per finding). */
export function groupByRoute(findings: readonly Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = m.get(f.routeKey);
    if (group) group.push(f);
    else m.set(f.routeKey, [f]);
  }
  return m;
}
