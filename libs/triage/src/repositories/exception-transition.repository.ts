import { EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { ExceptionAction, exceptionStateMachine, isClosed, isHeld } from '../exception/exception-state';
import { ExceptionRow } from './exception.repository';
import { resumeSla } from './sla-pause.repository';
import { closeWorkPeriods, openWorkPeriod } from './work-period.repository';

export interface TransitionInput {
  action: ExceptionAction;
  actor: Actor;
  now: Date;
  /** The holder after a transition into a held status (assign, reassign); other transitions keep or drop it. */
  assigneeId?: string | null;
  /** Further columns to set (trusted column names only). */
  set?: Record<string, unknown>;
  reason?: string | null;
  data?: Record<string, unknown>;
  /** Audit action name when it differs from the state machine action (e.g. 'claimed' for 'assign'). */
  auditAction?: string;
}

/**
 * Moves a locked exception through the state machine: the status, its holder and work periods change
 * together, and the audit event is written in the caller's transaction.
 */
export async function applyTransition(em: EntityManager, row: ExceptionRow, t: TransitionInput): Promise<ExceptionRow> {
  const to = exceptionStateMachine.next(row.status, t.action);
  // Closing a paused item ends its pause: the SLA it is measured against excludes the time paused.
  if (row.sla_paused_at && isClosed(to))
    row = await resumeSla(em, row, { answer: 'closed', actor: t.actor, now: t.now });
  const holder = isHeld(to) ? (t.assigneeId ?? row.assignee_id) : null;
  if (isHeld(to) && !holder) throw new Error(`exception ${row.id}: ${to} needs an assignee`);
  const holderChanges = row.assignee_id !== holder;

  let handleSeconds = 0;
  if (row.assignee_id && holderChanges) handleSeconds = await closeWorkPeriods(em, row.id, t.now);
  if (holder && holderChanges) await openWorkPeriod(em, row.id, holder, t.now);

  const set: Record<string, unknown> = { status: to, assignee_id: holder, updated_at: t.now, ...t.set };
  if (holder && holderChanges) Object.assign(set, { claimed_at: t.now, last_activity_at: t.now });
  if (!holder) set.claimed_at = null;
  const cols = Object.keys(set);
  const [[updated]] = await em.query(
    `UPDATE exceptions SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')},
       first_claimed_at = CASE WHEN $${cols.length + 2}::boolean THEN COALESCE(first_claimed_at, $${cols.length + 3}::timestamptz) ELSE first_claimed_at END,
       handle_seconds = handle_seconds + $${cols.length + 4}, version = version + 1
     WHERE id = $1 RETURNING *`,
    [row.id, ...cols.map((c) => set[c]), !!holder && holderChanges, t.now, handleSeconds],
  );
  if (holder && holderChanges)
    await em.query(`UPDATE reviewers SET last_assigned_at = $2 WHERE id = $1`, [holder, t.now]);

  await recordAudit(em, {
    aggregateType: 'exception',
    aggregateId: row.id,
    action: t.auditAction ?? t.action,
    fromState: row.status,
    toState: to,
    actor: t.actor,
    reason: t.reason ?? null,
    data: { ...(holderChanges ? { from: row.assignee_id, to: holder } : {}), ...t.data },
  });
  return updated as ExceptionRow;
}
