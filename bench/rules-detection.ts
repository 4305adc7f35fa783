/**
 * Detection check of the generated traffic: every planted defect must be reported by its expected
 * rule, and no clean invoice may be blocked (that would be a rule bug or a generator bug).
 */
import type { Finding } from '@app/rules';
import type { TrafficCase } from './rules-traffic.generator';

export interface DetectionReport {
  invoices: number;
  planted: number;
  detected: number;
  blocked: number;
  /** Planted defects whose expected rule reported nothing. */
  misses: { invoiceNumber: string; kind: string; expectedRuleId: string; ruleIds: string[] }[];
  /** Clean invoices with a blocking finding. */
  falseAlarms: { invoiceNumber: string; ruleIds: string[] }[];
  /** Clean invoices with warnings only (not blocked, but noise a reviewer would see). */
  cleanWithWarnings: { invoiceNumber: string; ruleIds: string[] }[];
  byKind: Record<string, { planted: number; detected: number }>;
}

export function detectionReport(cases: readonly TrafficCase[], findings: readonly Finding[][]): DetectionReport {
  const report: DetectionReport = {
    invoices: cases.length,
    planted: 0,
    detected: 0,
    blocked: 0,
    misses: [],
    falseAlarms: [],
    cleanWithWarnings: [],
    byKind: {},
  };
  cases.forEach((c, i) => {
    const f = findings[i];
    const ruleIds = f.map((x) => x.ruleId);
    const blocked = f.some((x) => x.severity === 'blocking');
    if (blocked) report.blocked++;
    const invoiceNumber = c.invoice.invoiceNumber ?? `#${i}`;
    if (c.planted) {
      const kind = (report.byKind[c.planted.kind] ??= { planted: 0, detected: 0 });
      report.planted++;
      kind.planted++;
      if (ruleIds.includes(c.planted.expectedRuleId)) {
        report.detected++;
        kind.detected++;
      } else {
        report.misses.push({ invoiceNumber, kind: c.planted.kind, expectedRuleId: c.planted.expectedRuleId, ruleIds });
      }
    } else if (blocked) {
      report.falseAlarms.push({ invoiceNumber, ruleIds });
    } else if (f.length > 0) {
      report.cleanWithWarnings.push({ invoiceNumber, ruleIds });
    }
  });
  return report;
}

/** Rule ids with their counts, most frequent first: "PO-PRICE=120 SUP-IBAN=80". */
export function ruleCounts(items: { ruleIds: string[] }[], top = 8): string {
  const counts = new Map<string, number>();
  for (const it of items) for (const id of new Set(it.ruleIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([r, n]) => `${r}=${n}`)
    .join(' ');
}
