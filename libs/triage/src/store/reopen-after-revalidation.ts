import { EntityManager } from 'typeorm';
import { recordAudit, SYSTEM } from '@app/persistence';
import { CLOSED_STATUSES, exceptionStateMachine, sqlStatusList } from '../exception/exception-state';

/**
 * After a correction re-ran the rules, the validation step meets the existing (invoice, route key)
 * rows of route keys that still fail. This reopens those closed before the latest run so they
 * are reviewed again: fresh SLA, no holder, no decision. Returns the ids to route.
 */
export async function reopenAfterRevalidation(em: EntityManager, invoiceId: string): Promise<string[]> {
  const rows: { id: string; status: string; run: number }[] = await em.query(
    `SELECT e.id, e.status, i.validation_runs AS run FROM exceptions e JOIN invoices i ON i.id = e.invoice_id
     WHERE e.invoice_id = $1 AND i.status = 'in_review' AND e.status IN (${sqlStatusList(CLOSED_STATUSES)})
       AND EXISTS (SELECT 1 FROM findings f WHERE f.exception_id = e.id AND f.validation_run = i.validation_runs AND f.severity = 'blocking')
       AND COALESCE(e.validation_run, (SELECT min(f.validation_run) FROM findings f WHERE f.exception_id = e.id)) < i.validation_runs
     FOR UPDATE OF e`, [invoiceId]);
  for (const r of rows) {
    const to = exceptionStateMachine.next(r.status as 'resolved', 'reopen');
    await em.query(
      `UPDATE exceptions SET status = $2, validation_run = $3, assignee_id = NULL, claimed_at = NULL, decision = NULL, decision_reason = NULL,
         first_approver_id = NULL, resolved_by = NULL, resolved_at = NULL, sla_started_at = NULL, sla_warn_at = NULL, sla_due_at = NULL,
         sla_warned_at = NULL, sla_breached_at = NULL, escalated_at = NULL, priority = 0, updated_at = now(), version = version + 1
       WHERE id = $1`, [r.id, to, r.run]);
    await recordAudit(em, { aggregateType: 'exception', aggregateId: r.id, action: 'reopened', fromState: r.status, toState: to, actor: SYSTEM,
      reason: `validation run ${r.run} found this route key failing again`, data: { run: r.run } });
  }
  return rows.map((r) => r.id);
}
