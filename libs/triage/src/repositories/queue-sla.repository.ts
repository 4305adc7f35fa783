import { EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { addBusinessMinutes, BusinessCalendar, businessMinutesBetween } from '../sla/business-hours';
import { queueCalendar } from './holiday-calendar.repository';
import { QueueRow } from './queue.repository';

export interface ReplannedItem {
  id: string;
  version: number;
}

/**
 * A queue's calendar changed (a closing day added or taken back): every running SLA of its items keeps
 * the business minutes it had left by the old calendar, laid out again on the new one. Breached
 * and paused items keep theirs (a pause keeps its minutes left and lays them out at its resume). Each moved item is audited.
 */
export async function replanQueueSla(
  em: EntityManager,
  queue: QueueRow,
  before: BusinessCalendar,
  now: Date,
  actor: Actor,
  why: string,
): Promise<ReplannedItem[]> {
  const after = await queueCalendar(em, queue, now);
  const rows: {
    id: string;
    version: number;
    status: string;
    sla_warn_at: Date | null;
    sla_due_at: Date;
    warned: boolean;
  }[] = await em.query(
    `SELECT id, version, status, sla_warn_at, sla_due_at, sla_warned_at IS NOT NULL AS warned FROM exceptions
       WHERE queue_key = $1 AND status NOT IN ('resolved','superseded') AND sla_due_at > $2
         AND sla_breached_at IS NULL AND sla_paused_at IS NULL
       ORDER BY id FOR UPDATE`,
    [queue.key, now],
  );
  const tz = queue.time_zone;
  const relay = (at: Date) => addBusinessMinutes(now, businessMinutesBetween(now, at, before, tz), after, tz);
  const moved: ReplannedItem[] = [];
  for (const r of rows) {
    const dueAt = relay(new Date(r.sla_due_at));
    const warnAt = r.warned || !r.sla_warn_at || new Date(r.sla_warn_at) <= now ? r.sla_warn_at : relay(r.sla_warn_at);
    if (dueAt.getTime() === new Date(r.sla_due_at).getTime()) continue;
    await em.query(`UPDATE exceptions SET sla_due_at = $2, sla_warn_at = $3, version = version + 1 WHERE id = $1`, [
      r.id,
      dueAt,
      warnAt,
    ]);
    await recordAudit(em, {
      aggregateType: 'exception',
      aggregateId: r.id,
      action: 'sla_replanned',
      fromState: r.status,
      toState: r.status,
      actor,
      reason: why,
      data: { from: new Date(r.sla_due_at).toISOString(), to: dueAt.toISOString() },
    });
    moved.push({ id: r.id, version: r.version + 1 });
  }
  return moved;
}
