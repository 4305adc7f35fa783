import { EntityManager } from 'typeorm';
import { recordAudit, SYSTEM } from '@app/persistence';
import { triageClock } from '../clock/triage-clock';
import { CLOSED_STATUSES, exceptionStateMachine, sqlStatusList } from '../exception/exception-state';
import { applyTransition } from './exception-transition.repository';
import { ExceptionRow } from './exception.repository';
import { planRouting } from './exception-routing.repository';

/**
 * After a correction re-ran the rules, the validation step meets the existing (invoice, route key)
 * rows of route keys that still fail. This reopens those closed before the latest run so they
 * are reviewed again: fresh SLA, no holder, no decision. Returns the ids to route, by invoice.
 * An item its reviewer had corrected stays with that reviewer: the re-check's new findings are theirs
 * to finish (SLA planned now, assigned back to them, audited), rather than waiting unassigned.
 * For a group of invoices, one statement finds what to reopen (usually nothing).
 */
export async function reopenAfterRevalidation(em: EntityManager, invoiceIds: string[]): Promise<Map<string, string[]>> {
  const reopened = new Map<string, string[]>();
  if (!invoiceIds.length) return reopened;
  const rows: {
    id: string;
    invoice_id: string;
    status: string;
    run: number;
    decision: string | null;
    resolved_by: string | null;
  }[] = await em.query(
    `SELECT e.id, e.invoice_id, e.status, e.decision, e.resolved_by, i.validation_runs AS run
     FROM exceptions e JOIN invoices i ON i.id = e.invoice_id
     WHERE e.invoice_id = ANY($1::uuid[]) AND i.status = 'in_review' AND e.status IN (${sqlStatusList(CLOSED_STATUSES)})
       AND EXISTS (SELECT 1 FROM findings f WHERE f.exception_id = e.id AND f.validation_run = i.validation_runs AND f.severity = 'blocking')
       AND COALESCE(e.validation_run, (SELECT min(f.validation_run) FROM findings f WHERE f.exception_id = e.id)) < i.validation_runs
     ORDER BY e.invoice_id, e.id
     FOR UPDATE OF e`,
    [invoiceIds],
  );
  for (const r of rows) {
    reopened.set(r.invoice_id, [...(reopened.get(r.invoice_id) ?? []), r.id]);
    const to = exceptionStateMachine.next(r.status as 'resolved', 'reopen');
    await em.query(
      `UPDATE exceptions SET status = $2, validation_run = $3, assignee_id = NULL, claimed_at = NULL, decision = NULL, decision_reason = NULL,
         first_approver_id = NULL, resolved_by = NULL, resolved_at = NULL, sla_started_at = NULL, sla_warn_at = NULL, sla_due_at = NULL,
         sla_warned_at = NULL, sla_breached_at = NULL, escalated_at = NULL, priority = 0, updated_at = now(), version = version + 1
       WHERE id = $1`,
      [r.id, to, r.run],
    );
    await recordAudit(em, {
      aggregateType: 'exception',
      aggregateId: r.id,
      action: 'reopened',
      fromState: r.status,
      toState: to,
      actor: SYSTEM,
      reason: `validation run ${r.run} found this route key failing again`,
      data: { run: r.run },
    });
    if (r.status === 'resolved' && r.decision === 'correct' && r.resolved_by) {
      const [reviewer] = await em.query(
        `SELECT r.id FROM reviewers r JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL WHERE r.id = $1`,
        [r.resolved_by],
      );
      if (!reviewer) continue;
      const now = triageClock.now();
      const planned = await planRouting(em, r.id, now);
      if (!planned || planned.status !== 'open') continue;
      await applyTransition(em, planned as ExceptionRow, {
        action: 'assign',
        actor: SYSTEM,
        now,
        assigneeId: r.resolved_by,
        auditAction: 'assigned',
        reason: 'kept with the reviewer who corrected it: the re-check still fails',
        data: { mode: 'kept' },
      });
    }
  }
  return reopened;
}
