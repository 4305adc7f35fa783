import type { ExceptionView } from '@app/contracts';
import { ExceptionRow, requiresFourEyes, QueueRow, fourEyesPolicyOf, triageClock } from '@app/triage';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The exception as the API shows it (camelCase, ISO times, decimal strings). */
export function exceptionView(e: ExceptionRow, queue?: QueueRow | null): ExceptionView {
  return {
    id: e.id,
    invoiceId: e.invoice_id,
    queueKey: e.queue_key,
    routeKey: e.route_key,
    category: e.category,
    country: e.country,
    supplierId: e.supplier_id,
    amount: e.amount,
    currency: e.currency,
    status: e.status,
    priority: Number(e.priority),
    assigneeId: e.assignee_id,
    claimedAt: iso(e.claimed_at),
    lastActivityAt: iso(e.last_activity_at),
    decision: e.decision,
    decisionReason: e.decision_reason,
    decisionReasonCode: (e as { decision_reason_code?: string | null }).decision_reason_code ?? null,
    firstApproverId: e.first_approver_id,
    proposedCorrections: e.proposed_corrections ?? null,
    resolvedBy: e.resolved_by,
    resolvedAt: iso(e.resolved_at),
    sla: {
      startedAt: iso(e.sla_started_at),
      warnAt: iso(e.sla_warn_at),
      dueAt: iso(e.sla_due_at),
      warnedAt: iso(e.sla_warned_at),
      breachedAt: iso(e.sla_breached_at),
      /** The clock stands still since this instant (waiting for the supplier or the buyer). */
      pausedAt: iso(e.sla_paused_at ?? null),
      /** Wall time paused so far, the open pause included; excluded from the SLA by moving its due time. */
      pausedSeconds: Math.round(
        Number(e.sla_paused_seconds ?? 0) +
          (e.sla_paused_at
            ? Math.max(0, (triageClock.now().getTime() - new Date(e.sla_paused_at).getTime()) / 1000)
            : 0),
      ),
    },
    escalatedAt: iso(e.escalated_at),
    handleSeconds: Number(e.handle_seconds),
    ...(queue ? { fourEyesRequired: requiresFourEyes(fourEyesPolicyOf(queue), e.amount) } : {}),
    createdAt: iso(e.created_at),
    updatedAt: iso(e.updated_at),
    version: e.version,
  };
}
