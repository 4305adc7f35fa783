import { EntityManager } from 'typeorm';
import { invoiceStateMachine } from '@app/domain';
import { Actor, recordAudit } from '@app/persistence';
import { invoiceOutcome } from '../exception/decision';
import { CLOSED_STATUSES, sqlStatusList } from '../exception/exception-state';

/**
 * Moves an in-review invoice to its final status once none of its exceptions is active. The caller
 * holds the invoice row lock (taken before any exception lock), so two last resolutions cannot both
 * miss each other. Returns the new status, or null when the invoice stays where it is.
 */
export async function finalizeInvoiceIfDone(
  em: EntityManager,
  invoiceId: string,
  actor: Actor,
): Promise<string | null> {
  const [inv] = await em.query(`SELECT status FROM invoices WHERE id = $1`, [invoiceId]);
  if (!inv || inv.status !== 'in_review') return null;
  const rows: { status: string; decision: string | null }[] = await em.query(
    `SELECT status, decision FROM exceptions WHERE invoice_id = $1`,
    [invoiceId],
  );
  if (!rows.length || rows.some((r) => !(CLOSED_STATUSES as readonly string[]).includes(r.status))) return null;
  // A correction's outcome is the re-validation it started, not a verdict on the invoice.
  const decisions = rows.filter((r) => r.status === 'resolved' && r.decision !== 'correct').map((r) => r.decision);
  if (!decisions.length) return null;
  const action = invoiceOutcome(decisions);
  const to = invoiceStateMachine.next('in_review', action);
  await em.query(`UPDATE invoices SET status = $2, finalized_at = now(), updated_at = now() WHERE id = $1`, [
    invoiceId,
    to,
  ]);
  await recordAudit(em, {
    aggregateType: 'invoice',
    aggregateId: invoiceId,
    action: 'review_completed',
    fromState: 'in_review',
    toState: to,
    actor,
    reason: `every exception closed (${sqlStatusList(decisions.map(String))})`,
    data: { decisions },
  });
  return to;
}
