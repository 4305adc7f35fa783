import { EntityManager } from 'typeorm';
import { invoiceStateMachine } from '@app/domain';
import { Actor, recordAudit, SYSTEM } from '@app/persistence';
import { ACTIVE_STATUSES, exceptionStateMachine, sqlStatusList } from '../exception/exception-state';
import { ensureQueue } from './queue.repository';
import { defaultQueueSettings, SYSTEM_FAILED_QUEUE } from '../queues/queue-defaults';
import { applyTransition } from './exception-transition.repository';
import { lockException } from './exception.repository';

/** Rule id of the finding that carries a pipeline failure's error to the reviewer and the API. */
export const SYSTEM_FAILED_RULE = 'SYSTEM-FAILED';

export interface PipelineFailure {
  invoiceId: string;
  /** The validation run that was given up on (becomes the invoice's last finished run). */
  run: number;
  attempts: number;
  stage: 'validation' | 'routing';
  error: string;
}

/**
 * Gives up on an invoice visibly: status `failed` (audited), a pipeline_failures record, and an open
 * exception in the `system.failed` queue whose finding carries the error. Returns the exception id to
 * route, or null when the invoice is no longer in a state that can fail (another run finished first).
 */
export async function failInvoice(em: EntityManager, f: PipelineFailure): Promise<string | null> {
  const [inv] = await em.query(`SELECT status, buyer_country FROM invoices WHERE id = $1 FOR UPDATE`, [f.invoiceId]);
  if (!inv || !invoiceStateMachine.can(inv.status, 'fail')) return null;
  const to = invoiceStateMachine.next(inv.status, 'fail');
  const error = f.error.slice(0, 2000) || 'unknown error';
  await em.query(
    `UPDATE invoices SET status = $2, validation_runs = GREATEST(validation_runs, $3), last_error = $4, next_attempt_at = NULL,
                    updated_at = now() WHERE id = $1`,
    [f.invoiceId, to, f.run, error],
  );
  await recordAudit(em, {
    aggregateType: 'invoice',
    aggregateId: f.invoiceId,
    action: `${f.stage}_failed`,
    fromState: inv.status,
    toState: to,
    actor: SYSTEM,
    reason: error,
    data: { run: f.run, attempts: f.attempts, stage: f.stage },
  });
  await em.query(
    `INSERT INTO pipeline_failures (invoice_id, stage, validation_run, attempts, error) VALUES ($1,$2,$3,$4,$5)`,
    [f.invoiceId, f.stage, f.run, f.attempts, error],
  );

  const queue = defaultQueueSettings(SYSTEM_FAILED_QUEUE);
  await ensureQueue(em, queue);
  const [existing] = await em.query(
    `SELECT id, status FROM exceptions WHERE invoice_id = $1 AND route_key = $2 FOR UPDATE`,
    [f.invoiceId, SYSTEM_FAILED_QUEUE],
  );
  let exceptionId: string;
  if (!existing) {
    const [ex] = await em.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, supplier_id, amount, currency, status, validation_run)
       SELECT i.id, $2, $2, $3, i.buyer_country, i.supplier_id, i.payable, i.currency, 'open', $4 FROM invoices i WHERE i.id = $1 RETURNING id`,
      [f.invoiceId, SYSTEM_FAILED_QUEUE, queue.category, f.run],
    );
    exceptionId = ex.id;
    await recordAudit(em, {
      aggregateType: 'exception',
      aggregateId: exceptionId,
      action: 'opened',
      fromState: null,
      toState: 'open',
      actor: SYSTEM,
      reason: SYSTEM_FAILED_RULE,
      data: { invoiceId: f.invoiceId, routeKey: SYSTEM_FAILED_QUEUE, stage: f.stage },
    });
  } else {
    exceptionId = existing.id;
    if (exceptionStateMachine.can(existing.status, 'reopen')) {
      await em.query(
        `UPDATE exceptions SET status = 'open', validation_run = $2, assignee_id = NULL, claimed_at = NULL, decision = NULL, decision_reason = NULL,
           resolved_by = NULL, resolved_at = NULL, sla_started_at = NULL, sla_warn_at = NULL, sla_due_at = NULL, sla_warned_at = NULL,
           sla_breached_at = NULL, escalated_at = NULL, priority = 0, updated_at = now(), version = version + 1 WHERE id = $1`,
        [exceptionId, f.run],
      );
      await recordAudit(em, {
        aggregateType: 'exception',
        aggregateId: exceptionId,
        action: 'reopened',
        fromState: existing.status,
        toState: 'open',
        actor: SYSTEM,
        reason: `the invoice failed again (${f.stage})`,
        data: { run: f.run },
      });
    }
  }
  await em.query(
    `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, actual, hint, route_key)
     VALUES ($1, $2, $3, $4, 'blocking', $5, '', $6, $7, $8, $9)`,
    [
      f.invoiceId,
      exceptionId,
      f.run,
      SYSTEM_FAILED_RULE,
      queue.category,
      `The invoice could not be ${f.stage === 'validation' ? 'validated' : 'routed'} (${f.attempts} attempt(s)); it waits for an administrator.`,
      error,
      'Fix the cause, then retry it: POST /v1/admin/invoices/{id}/retry.',
      SYSTEM_FAILED_QUEUE,
    ],
  );
  return exceptionId;
}

/**
 * An admin retries a failed invoice after a fix: failed → received (audited, attempts reset), its open
 * `system.failed` item is superseded, and an outbox record asks for a new validation run.
 */
export async function retryFailedInvoice(
  em: EntityManager,
  invoiceId: string,
  actor: Actor,
  reason: string | null,
  now: Date,
): Promise<{ run: number }> {
  const [inv] = await em.query(`SELECT status, validation_runs FROM invoices WHERE id = $1 FOR UPDATE`, [invoiceId]);
  const to = invoiceStateMachine.next(inv.status, 'retry');
  await em.query(
    `UPDATE invoices SET status = $2, attempts = 0, next_attempt_at = NULL, updated_at = now() WHERE id = $1`,
    [invoiceId, to],
  );
  await em.query(`UPDATE exceptions SET route_attempts = 0, route_error = NULL WHERE invoice_id = $1`, [invoiceId]);
  await recordAudit(em, {
    aggregateType: 'invoice',
    aggregateId: invoiceId,
    action: 'retry_requested',
    fromState: inv.status,
    toState: to,
    actor,
    reason,
    data: { nextRun: inv.validation_runs + 1 },
  });
  const items: { id: string }[] = await em.query(
    `SELECT id FROM exceptions WHERE invoice_id = $1 AND route_key = $2 AND status IN (${sqlStatusList(ACTIVE_STATUSES)})`,
    [invoiceId, SYSTEM_FAILED_QUEUE],
  );
  for (const item of items) {
    const row = await lockException(em, item.id);
    if (row)
      await applyTransition(em, row, {
        action: 'supersede',
        actor,
        now,
        reason: 'the invoice is retried',
        data: { invoiceId },
      });
  }
  await em.query(`INSERT INTO outbox (topic, aggregate_id) VALUES ('invoice.received', $1)`, [invoiceId]);
  return { run: inv.validation_runs + 1 };
}
