import { EntityManager } from 'typeorm';
import { type AuditEventInput, CombinedWrites, recordAudits, SYSTEM } from '@app/persistence';
import { CLAIMABLE_STATUSES, HELD_STATUSES } from '../exception/exception-state';
import { computePriority } from '../priority/priority';
import { planSla } from '../sla/sla-plan';
import { ExceptionRow, lockExceptions } from './exception.repository';
import { queueCalendars } from './holiday-calendar.repository';
import { findQueues } from './queue.repository';

const PLANNABLE: readonly string[] = [...CLAIMABLE_STATUSES, ...HELD_STATUSES];

/**
 * First routing step of a new item: its SLA warning and due instants in the queue's business hours,
 * and its priority (also when a reviewer already holds it). Idempotent: an item that already has an SLA
 * keeps it. Runs in a transaction.
 */
export async function planRouting(em: EntityManager, exceptionId: string, now: Date): Promise<ExceptionRow | null> {
  return (await planRoutingMany(em, [exceptionId], now)).get(exceptionId) ?? null;
}

/**
 * `planRouting` for several items in a few statements whatever their number: the items locked in id
 * order, their queues, the queues' calendars, the invoices' due dates, one UPDATE, one audit insert.
 * Every item that exists is in the answer (as planned, or as it was when there was nothing to plan).
 */
export async function planRoutingMany(
  em: EntityManager,
  exceptionIds: string[],
  now: Date,
): Promise<Map<string, ExceptionRow>> {
  const rows = await lockExceptions(em, [...new Set(exceptionIds)]);
  const out = new Map(rows.map((r) => [r.id, r]));
  // A held item is planned too when it has no SLA yet: a reviewer's fill may have claimed it before its
  // route job ran (it would otherwise never get one).
  const todo = rows.filter((r) => PLANNABLE.includes(r.status) && !r.sla_due_at);
  if (!todo.length) return out;
  const queues = await findQueues(em, [...new Set(todo.map((r) => r.queue_key))]);
  const plannable = todo.filter((r) => queues.has(r.queue_key));
  if (!plannable.length) return out;
  const calendars = await queueCalendars(
    em,
    [...new Set(plannable.map((r) => r.queue_key))].map((q) => queues.get(q)!),
    now,
  );
  const dueDates: { id: string; due_date: string | null }[] = await em.query(
    `SELECT id, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM invoices WHERE id = ANY($1::uuid[])`,
    [[...new Set(plannable.map((r) => r.invoice_id))]],
  );
  const dueDateOf = new Map(dueDates.map((d) => [d.id, d.due_date]));
  const plans = plannable.map((row) => {
    const queue = queues.get(row.queue_key)!;
    const plan = planSla(now, {
      slaMinutes: queue.sla_minutes,
      warnAtShare: Number(queue.warn_at_share),
      calendar: calendars.get(queue.key)!,
      timeZone: queue.time_zone,
    });
    const priority = computePriority(
      { amount: row.amount, dueDate: dueDateOf.get(row.invoice_id) ?? null, enteredAt: now },
      queue.priority_rule,
      now,
    );
    return { row, queue: queue.key, plan, priority };
  });
  // The routed audit events go with the update, in one statement (CombinedWrites).
  const writes = new CombinedWrites();
  await recordAudits(
    writes.em,
    plans.map(({ row, queue, plan, priority }): AuditEventInput => ({
      aggregateType: 'exception',
      aggregateId: row.id,
      action: 'routed',
      fromState: row.status,
      toState: row.status,
      actor: SYSTEM,
      data: { queue, priority, slaWarnAt: plan.warnAt.toISOString(), slaDueAt: plan.dueAt.toISOString() },
    })),
  );
  const updated = await writes.flushWith<ExceptionRow>(
    em,
    `UPDATE exceptions e SET sla_started_at = $2, sla_warn_at = u.warn_at, sla_due_at = u.due_at, priority = u.priority, updated_at = $2
       FROM unnest($1::uuid[], $3::timestamptz[], $4::timestamptz[], $5::numeric[]) AS u(id, warn_at, due_at, priority)
      WHERE e.id = u.id RETURNING e.*`,
    [
      plans.map((p) => p.row.id),
      now,
      plans.map((p) => p.plan.warnAt),
      plans.map((p) => p.plan.dueAt),
      plans.map((p) => p.priority),
    ],
  );
  for (const r of updated) out.set(r.id, r);
  return out;
}
