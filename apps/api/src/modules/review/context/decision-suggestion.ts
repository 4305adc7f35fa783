import type { DecisionSuggestion } from '@app/contracts';
import type { PastDecisionRow } from './decision-history.repository';

const VERB: Record<string, string> = {
  approve: 'approved',
  reject: 'rejected',
  return_to_supplier: 'returned to the supplier',
  correct: 'corrected',
};

export type { DecisionSuggestion };

/** Past decisions summed up per decision, the most frequent first. A suggestion only: nothing is decided from it. */
export function summarizeDecisions(
  ruleId: string,
  fieldPath: string,
  rows: PastDecisionRow[],
): DecisionSuggestion | null {
  if (!rows.length) return null;
  const byDecision = new Map<string, DecisionSuggestion['decisions'][number]>();
  for (const r of rows) {
    const seen = byDecision.get(r.decision);
    const decidedAt = new Date(r.last_decided_at).toISOString();
    if (!seen) {
      byDecision.set(r.decision, {
        decision: r.decision,
        count: r.times,
        reasonCode: r.reason_code,
        reasonLabel: r.reason_label,
        lastReason: r.last_reason,
        lastDecidedAt: decidedAt,
      });
      continue;
    }
    seen.count += r.times; // rows come most frequent first: the first row's reason code stays the usual one
    if (decidedAt > seen.lastDecidedAt) {
      seen.lastDecidedAt = decidedAt;
      seen.lastReason = r.last_reason;
    }
  }
  const decisions = [...byDecision.values()].sort(
    (a, b) => b.count - a.count || b.lastDecidedAt.localeCompare(a.lastDecidedAt),
  );
  const total = decisions.reduce((n, d) => n + d.count, 0);
  const top = decisions[0];
  const why = top.reasonLabel ?? top.lastReason;
  const summary = `${VERB[top.decision] ?? top.decision} ${top.count} of ${total} time${total === 1 ? '' : 's'}${why ? `, reason: ${why}` : ''}`;
  return { ruleId, fieldPath, total, decisions, summary };
}
