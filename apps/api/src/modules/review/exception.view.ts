import { ExceptionRow, requiresFourEyes, QueueRow, fourEyesPolicyOf } from '@app/triage';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The exception as the API shows it (camelCase, ISO times, decimal strings). */
export function exceptionView(e: ExceptionRow, queue?: QueueRow | null) {
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
    },
    escalatedAt: iso(e.escalated_at),
    handleSeconds: Number(e.handle_seconds),
    ...(queue ? { fourEyesRequired: requiresFourEyes(fourEyesPolicyOf(queue), e.amount) } : {}),
    createdAt: iso(e.created_at),
    updatedAt: iso(e.updated_at),
    version: e.version,
  };
}
