import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How many of the newest matching decisions a suggestion weighs: enough to be telling, bounded to stay fast. */
export const DECISION_HISTORY_LIMIT = 500;

export interface PastDecisionRow {
  decision: string;
  reason_code: string | null;
  reason_label: string | null;
  times: number;
  last_reason: string | null;
  last_decided_at: Date;
}

/** A finding's field with its array positions dropped: the price of line 3 is the same field as the price of line 1. */
export const fieldPattern = (fieldPath: string) => fieldPath.replace(/\[\d+\]/g, '[]');

/**
 * Past decisions on the same supplier, rule and field. The newest decided exceptions of the supplier on the
 * same route come from exceptions_decided_by_supplier_idx; each is kept when one of its findings has the rule
 * and the field, probed per exception through findings_exception_idx (a LATERAL with LIMIT 1: as an EXISTS the
 * planner would hash every finding of the rule first), at most DECISION_HISTORY_LIMIT of them.
 */
@Injectable()
export class DecisionHistoryRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  static readonly SQL = `WITH past AS (
      SELECT e.decision, e.decision_reason_code, e.decision_reason, e.resolved_at FROM exceptions e
        CROSS JOIN LATERAL (SELECT 1 FROM findings f WHERE f.exception_id = e.id AND f.rule_id = $4
                              AND regexp_replace(f.field_path, '\\[[0-9]+\\]', '[]', 'g') = $5 LIMIT 1) hit
      WHERE e.supplier_id = $1 AND e.route_key = $2 AND e.decision IS NOT NULL AND e.resolved_at IS NOT NULL AND e.id <> $3
      ORDER BY e.resolved_at DESC LIMIT ${DECISION_HISTORY_LIMIT})
    SELECT p.decision, p.decision_reason_code AS reason_code, c.label AS reason_label, count(*)::int AS times,
           (array_agg(p.decision_reason ORDER BY p.resolved_at DESC))[1] AS last_reason, max(p.resolved_at) AS last_decided_at
    FROM past p LEFT JOIN decision_reason_codes c ON c.code = p.decision_reason_code
    GROUP BY p.decision, p.decision_reason_code, c.label ORDER BY times DESC, last_decided_at DESC`;

  matching(q: {
    supplierId: string;
    routeKey: string;
    exceptionId: string;
    ruleId: string;
    fieldPath: string;
  }): Promise<PastDecisionRow[]> {
    return this.ds.query(DecisionHistoryRepository.SQL, [
      q.supplierId,
      q.routeKey,
      q.exceptionId,
      q.ruleId,
      fieldPattern(q.fieldPath),
    ]);
  }
}
