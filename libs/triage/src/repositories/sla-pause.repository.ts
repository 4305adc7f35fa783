import { EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { isClosed } from '../exception/exception-state';
import { addBusinessMinutes, businessMinutesBetween } from '../sla/business-hours';
import { ExceptionRow } from './exception.repository';
import { queueCalendar } from './holiday-calendar.repository';
import { findQueue } from './queue.repository';

export const SLA_WAITING_FOR = ['supplier', 'buyer'] as const;
export type SlaWaitingFor = (typeof SLA_WAITING_FOR)[number];
/** What ended a pause: the answer arrived (reply or a new version of the invoice), someone resumed it, or the item closed. */
export const SLA_RESUME_ANSWERS = ['supplier_reply', 'buyer_reply', 'new_invoice_version', 'manual', 'closed'] as const;
export type SlaResumeAnswer = (typeof SLA_RESUME_ANSWERS)[number];

export class SlaPauseError extends Error {
  constructor(
    readonly code: 'SLA_ALREADY_PAUSED' | 'SLA_NOT_PAUSED' | 'EXCEPTION_CLOSED',
    message: string,
  ) {
    super(message);
  }
}

async function calendarOf(em: EntityManager, row: ExceptionRow, now: Date) {
  const queue = await findQueue(em, row.queue_key);
  if (!queue) throw new Error(`exception ${row.id}: queue ${row.queue_key} is gone`);
  return { cal: await queueCalendar(em, queue, now), tz: queue.time_zone };
}

/**
 * Stops the SLA clock of a locked item: the business minutes left until the warning and the breach are
 * kept with the pause, and laid out again from the resume. A breached item stays breached.
 */
export async function pauseSla(
  em: EntityManager,
  row: ExceptionRow,
  p: { waitingFor: SlaWaitingFor; reason: string; actor: Actor; now: Date },
): Promise<ExceptionRow> {
  if (isClosed(row.status)) throw new SlaPauseError('EXCEPTION_CLOSED', `The item is ${row.status}`);
  if (row.sla_paused_at) throw new SlaPauseError('SLA_ALREADY_PAUSED', 'The SLA of this item is already paused');
  const { cal, tz } = await calendarOf(em, row, p.now);
  const running = row.sla_due_at && !row.sla_breached_at;
  const dueLeft = running ? businessMinutesBetween(p.now, new Date(row.sla_due_at!), cal, tz) : null;
  const warnLeft =
    running && row.sla_warn_at && !row.sla_warned_at
      ? businessMinutesBetween(p.now, new Date(row.sla_warn_at), cal, tz)
      : null;
  await em.query(
    `INSERT INTO exception_sla_pauses (exception_id, waiting_for, reason, paused_by_type, paused_by_id, started_at,
       due_remaining_minutes, warn_remaining_minutes) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [row.id, p.waitingFor, p.reason, p.actor.type, p.actor.id ?? null, p.now, dueLeft, warnLeft],
  );
  const [[updated]] = await em.query(
    `UPDATE exceptions SET sla_paused_at = $2, updated_at = $2, version = version + 1 WHERE id = $1 RETURNING *`,
    [row.id, p.now],
  );
  await recordAudit(em, {
    aggregateType: 'exception',
    aggregateId: row.id,
    action: 'sla_paused',
    fromState: row.status,
    toState: row.status,
    actor: p.actor,
    reason: p.reason,
    data: { waitingFor: p.waitingFor, dueRemainingMinutes: dueLeft, warnRemainingMinutes: warnLeft },
  });
  return updated as ExceptionRow;
}

/**
 * Starts the clock again: the new warning and due instants are the minutes that were left, counted in
 * business hours from now. The wall time paused adds to the item's paused total.
 */
export async function resumeSla(
  em: EntityManager,
  row: ExceptionRow,
  r: { answer: SlaResumeAnswer; actor: Actor; now: Date; note?: string | null },
): Promise<ExceptionRow> {
  if (!row.sla_paused_at) throw new SlaPauseError('SLA_NOT_PAUSED', 'The SLA of this item is not paused');
  const { cal, tz } = await calendarOf(em, row, r.now);
  const [pause] = await em.query(
    `SELECT * FROM exception_sla_pauses WHERE exception_id = $1 AND ended_at IS NULL FOR UPDATE`,
    [row.id],
  );
  const pausedAt = new Date(row.sla_paused_at);
  const businessPaused = businessMinutesBetween(pausedAt, r.now, cal, tz);
  const wallSeconds = Math.max(0, (r.now.getTime() - pausedAt.getTime()) / 1000);
  const due =
    pause?.due_remaining_minutes != null
      ? addBusinessMinutes(r.now, Number(pause.due_remaining_minutes), cal, tz)
      : row.sla_due_at;
  const warn =
    pause?.warn_remaining_minutes != null
      ? addBusinessMinutes(r.now, Number(pause.warn_remaining_minutes), cal, tz)
      : row.sla_warn_at;
  await em.query(
    `UPDATE exception_sla_pauses SET ended_at = $2, answer = $3, resumed_by_type = $4, resumed_by_id = $5, business_minutes = $6
     WHERE exception_id = $1 AND ended_at IS NULL`,
    [row.id, r.now, r.answer, r.actor.type, r.actor.id ?? null, businessPaused],
  );
  const [[updated]] = await em.query(
    `UPDATE exceptions SET sla_paused_at = NULL, sla_paused_seconds = sla_paused_seconds + $2, sla_due_at = $3, sla_warn_at = $4,
       updated_at = $5, version = version + 1 WHERE id = $1 RETURNING *`,
    [row.id, wallSeconds, due, warn, r.now],
  );
  await recordAudit(em, {
    aggregateType: 'exception',
    aggregateId: row.id,
    action: 'sla_resumed',
    fromState: row.status,
    toState: row.status,
    actor: r.actor,
    reason: r.note ?? null,
    data: {
      answer: r.answer,
      waitingFor: pause?.waiting_for ?? null,
      pausedSeconds: Math.round(wallSeconds),
      pausedBusinessMinutes: Math.round(businessPaused * 100) / 100,
      dueAt: due ? new Date(due).toISOString() : null,
    },
  });
  return updated as ExceptionRow;
}

/** An item's pauses, oldest first, for its detail page. */
export async function slaPausesOf(em: Pick<EntityManager, 'query'>, exceptionId: string) {
  const rows = await em.query(
    `SELECT waiting_for, reason, paused_by_type, paused_by_id, started_at, ended_at, answer, business_minutes
     FROM exception_sla_pauses WHERE exception_id = $1 ORDER BY id`,
    [exceptionId],
  );
  return rows.map((p: Record<string, any>) => ({
    waitingFor: p.waiting_for as SlaWaitingFor,
    reason: p.reason as string,
    pausedBy: { type: p.paused_by_type as string, id: p.paused_by_id as string | null },
    startedAt: new Date(p.started_at).toISOString(),
    endedAt: p.ended_at ? new Date(p.ended_at).toISOString() : null,
    answer: p.answer as SlaResumeAnswer | null,
    businessMinutes: p.business_minutes === null ? null : Number(p.business_minutes),
  }));
}

/**
 * A new invoice from the same seller with the same number is the supplier's answer: every item of the
 * earlier invoices waiting for the supplier resumes. For several new invoices, the waiting items of all
 * their earlier versions are found (and locked, in id order) in one statement. The resumed items by new
 * invoice; one with nothing to resume is absent.
 */
export async function resumeForNewInvoiceVersions(
  em: EntityManager,
  invoiceIds: string[],
  actor: Actor,
  now: Date,
): Promise<Map<string, ExceptionRow[]>> {
  const out = new Map<string, ExceptionRow[]>();
  if (!invoiceIds.length) return out;
  const rows: (ExceptionRow & { new_invoice_id: string })[] = await em.query(
    `SELECT e.*, n.id AS new_invoice_id FROM invoices n
     JOIN invoices o ON o.seller_vat_id = n.seller_vat_id AND o.invoice_number = n.invoice_number AND o.id <> n.id
     JOIN exceptions e ON e.invoice_id = o.id AND e.sla_paused_at IS NOT NULL
     JOIN exception_sla_pauses p ON p.exception_id = e.id AND p.ended_at IS NULL AND p.waiting_for = 'supplier'
     WHERE n.id = ANY($1::uuid[]) AND n.seller_vat_id IS NOT NULL ORDER BY e.id, n.id FOR UPDATE OF e`,
    [invoiceIds],
  );
  const resumed = new Set<string>();
  for (const { new_invoice_id: invoiceId, ...row } of rows) {
    if (resumed.has(row.id)) continue; // the answer of an earlier invoice of this call already resumed it
    resumed.add(row.id);
    const done = await resumeSla(em, row as ExceptionRow, {
      answer: 'new_invoice_version',
      actor,
      now,
      note: `new version ${invoiceId}`,
    });
    out.set(invoiceId, [...(out.get(invoiceId) ?? []), done]);
  }
  return out;
}

/** The answer to every item of an invoice waiting for that party (a supplier's reply through the integration). */
export async function resumeInvoicePauses(
  em: EntityManager,
  invoiceId: string,
  waitingFor: SlaWaitingFor,
  r: { answer: SlaResumeAnswer; actor: Actor; now: Date; note?: string | null },
): Promise<ExceptionRow[]> {
  const rows: ExceptionRow[] = await em.query(
    `SELECT e.* FROM exceptions e
     JOIN exception_sla_pauses p ON p.exception_id = e.id AND p.ended_at IS NULL AND p.waiting_for = $2
     WHERE e.invoice_id = $1 AND e.sla_paused_at IS NOT NULL ORDER BY e.id FOR UPDATE OF e`,
    [invoiceId, waitingFor],
  );
  const out: ExceptionRow[] = [];
  for (const row of rows) out.push(await resumeSla(em, row, r));
  return out;
}
