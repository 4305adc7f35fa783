import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AVAILABLE_NOW_SQL,
  CLAIMABLE_STATUSES,
  HELD_STATUSES,
  SKILLS_MATCH_SQL,
  Sql,
  sqlStatusList,
  SYSTEM_FAILED_QUEUE,
} from '@app/triage';

export interface RouteFailureRow {
  route_attempts: number;
  invoice_id: string;
  route_key: string;
  validation_runs: number;
}

/**
 * The SQL with which the worker rebuilds what Redis carries from PostgreSQL: items that never got routed
 * (and the routing attempt counter that keeps a failing one from looping), reviewers to fill, and
 * in-review invoices with nothing left to review.
 */
@Injectable()
export class TriageReconciliationRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Counts one failed routing attempt with its error; null when the item is unknown. */
  async recordRouteFailure(exceptionId: string, error: string): Promise<RouteFailureRow | null> {
    const [[row]] = await this.ds.query(
      `UPDATE exceptions e SET route_attempts = route_attempts + 1, route_error = $2 FROM invoices i WHERE e.id = $1 AND i.id = e.invoice_id
       RETURNING e.route_attempts, e.invoice_id, e.route_key, i.validation_runs`,
      [exceptionId, error],
    );
    return row ?? null;
  }

  /**
   * Waiting items without an SLA (never planned) whose routing attempts are not used up; of a failed
   * invoice only its system.failed item.
   */
  unrouted(maxAttempts: number): Promise<{ id: string; version: number }[]> {
    return this.ds.query(
      `SELECT e.id, e.version FROM exceptions e JOIN invoices i ON i.id = e.invoice_id
       WHERE e.status IN (${sqlStatusList(CLAIMABLE_STATUSES)}) AND e.sla_due_at IS NULL
         AND e.route_attempts < $1 AND (i.status <> 'failed' OR e.route_key = $2) LIMIT 5000`,
      [maxAttempts, SYSTEM_FAILED_QUEUE],
    );
  }

  /** Enabled reviewers available at `now` with free capacity while an item they may take waits, least recently assigned first. */
  reviewersToFill(now: Date): Promise<{ id: string }[]> {
    return this.ds.query(
      `SELECT r.id FROM reviewers r JOIN staff_users u ON u.id = r.id AND u.disabled_at IS NULL
       WHERE ${AVAILABLE_NOW_SQL('$1')}
         AND (SELECT count(*) FROM exceptions x WHERE x.assignee_id = r.id AND x.status IN (${sqlStatusList(HELD_STATUSES)})) < r.capacity
         AND EXISTS (SELECT 1 FROM review_queues q JOIN exceptions e ON e.queue_key = q.key
                     WHERE ${SKILLS_MATCH_SQL} AND e.status IN (${sqlStatusList(CLAIMABLE_STATUSES)}) AND e.assignee_id IS NULL
                       AND e.first_approver_id IS DISTINCT FROM r.id)
       ORDER BY r.last_assigned_at NULLS FIRST`,
      [now],
    );
  }

  /** In-review invoices none of whose items is still active. */
  invoicesToSettle(): Promise<{ id: string }[]> {
    return this.ds.query(
      `SELECT i.id FROM invoices i WHERE i.status = 'in_review'
         AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.invoice_id = i.id AND e.status NOT IN ('resolved','superseded')) LIMIT 1000`,
    );
  }

  /** Locks the invoice for the rest of the transaction (the lock order of every path that closes items). */
  async lockInvoice(em: Sql, invoiceId: string): Promise<void> {
    await em.query(`SELECT id FROM invoices WHERE id = $1 FOR UPDATE`, [invoiceId]);
  }
}
