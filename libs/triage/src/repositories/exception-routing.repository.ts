import { EntityManager } from 'typeorm';
import { recordAudit, SYSTEM } from '@app/persistence';
import { CLAIMABLE_STATUSES } from '../exception/exception-state';
import { computePriority } from '../priority/priority';
import { planSla } from '../sla/sla-plan';
import { ExceptionRow, lockException } from './exception.repository';
import { queueCalendar } from './holiday-calendar.repository';
import { findQueue } from './queue.repository';

/**
 * First routing step of a new item: its SLA warning and due instants in the queue's business hours,
 * and its priority. Idempotent: an item that already has an SLA keeps it. Runs in a transaction.
 */
export async function planRouting(em: EntityManager, exceptionId: string, now: Date): Promise<ExceptionRow | null> {
  const row = await lockException(em, exceptionId);
  if (!row || !(CLAIMABLE_STATUSES as readonly string[]).includes(row.status)) return row;
  if (row.sla_due_at) return row;
  const queue = await findQueue(em, row.queue_key);
  if (!queue) return row;
  const plan = planSla(now, {
    slaMinutes: queue.sla_minutes,
    warnAtShare: Number(queue.warn_at_share),
    calendar: await queueCalendar(em, queue, now),
    timeZone: queue.time_zone,
  });
  const [inv] = await em.query(`SELECT to_char(due_date, 'YYYY-MM-DD') AS due_date FROM invoices WHERE id = $1`, [
    row.invoice_id,
  ]);
  const priority = computePriority(
    { amount: row.amount, dueDate: inv?.due_date ?? null, enteredAt: now },
    queue.priority_rule,
    now,
  );
  const [[updated]] = await em.query(
    `UPDATE exceptions SET sla_started_at = $2, sla_warn_at = $3, sla_due_at = $4, priority = $5, updated_at = $2 WHERE id = $1 RETURNING *`,
    [row.id, now, plan.warnAt, plan.dueAt, priority],
  );
  await recordAudit(em, {
    aggregateType: 'exception',
    aggregateId: row.id,
    action: 'routed',
    fromState: row.status,
    toState: row.status,
    actor: SYSTEM,
    data: { queue: queue.key, priority, slaWarnAt: plan.warnAt.toISOString(), slaDueAt: plan.dueAt.toISOString() },
  });
  return updated;
}
