import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditHistoryRow } from '@app/persistence';
import { ExceptionRow, HELD_STATUSES, sqlStatusList } from '@app/triage';

export interface InvoiceSummaryRow {
  id: string;
  status: string;
  invoice_number: string;
  format: string;
  received_at: Date;
  validation_runs: number;
  canonical: Record<string, any>;
}

export interface ItemFindingRow {
  id: string;
  rule_id: string;
  severity: string;
  category: string;
  field_path: string;
  message: string;
  expected: string | null;
  actual: string | null;
  hint: string | null;
  validation_run: number;
  route_key: string;
}

export interface CommentRow {
  id: string;
  author_id: string;
  author_name: string;
  text: string;
  created_at: Date;
}

export interface HistoryRow extends AuditHistoryRow {
  from_state: string | null;
  to_state: string | null;
  target_name: string | null;
}

/** The SQL of the workbench's read side: one item with its invoice, findings, comments and history; the caller's work. */
@Injectable()
export class ExceptionDetailRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async invoiceSummary(invoiceId: string): Promise<InvoiceSummaryRow | null> {
    const [invoice] = await this.ds.query(
      `SELECT id, status, invoice_number, format, received_at, validation_runs, canonical FROM invoices WHERE id = $1`,
      [invoiceId],
    );
    return invoice ?? null;
  }

  /** Of the invoice's latest run: the item's own findings and the warnings on its route key. */
  findingsOf(e: Pick<ExceptionRow, 'id' | 'invoice_id' | 'route_key'>): Promise<ItemFindingRow[]> {
    return this.ds.query(
      `SELECT id, rule_id, severity, category, field_path, message, expected, actual, hint, validation_run, route_key FROM findings
         WHERE invoice_id = $1 AND validation_run = (SELECT max(validation_run) FROM findings WHERE invoice_id = $1)
           AND (exception_id = $2 OR (severity = 'warning' AND route_key = $3)) ORDER BY severity, rule_id`,
      [e.invoice_id, e.id, e.route_key],
    );
  }

  comments(exceptionId: string): Promise<CommentRow[]> {
    return this.ds.query(
      `SELECT c.id, c.author_id, u.name AS author_name, c.text, c.created_at FROM exception_comments c JOIN staff_users u ON u.id = c.author_id
                     WHERE c.exception_id = $1 ORDER BY c.id`,
      [exceptionId],
    );
  }

  /** The item's audit events, oldest first, with the names of the actor and of the person it was handed to. */
  history(exceptionId: string): Promise<HistoryRow[]> {
    return this.ds.query(
      `SELECT a.id, a.action, a.from_state, a.to_state, a.actor_type, a.actor_id, a.reason, a.data, a.occurred_at,
                            COALESCE(u.name, CASE WHEN a.actor_type = 'system' THEN 'system' END) AS actor_name, t.name AS target_name
                     FROM audit_events a LEFT JOIN staff_users u ON a.actor_type = 'staff' AND u.id::text = a.actor_id
                       LEFT JOIN staff_users t ON t.id::text = a.data->>'to'
                     WHERE a.aggregate_type = 'exception' AND a.aggregate_id = $1 ORDER BY a.id`,
      [exceptionId],
    );
  }

  /** Items the reviewer holds, then first approvals of theirs awaiting a second person (at most 500). */
  myWork(reviewerId: string): Promise<ExceptionRow[]> {
    return this.ds.query(
      `SELECT * FROM exceptions WHERE (assignee_id = $1 AND status IN (${sqlStatusList(HELD_STATUSES)}))
          OR (first_approver_id = $1 AND status = 'awaiting_second_approval')
       ORDER BY (assignee_id = $1) DESC, sla_due_at NULLS LAST, priority DESC LIMIT 500`,
      [reviewerId],
    );
  }

  async reviewerLoad(reviewerId: string): Promise<{ capacity: number; availability: string } | null> {
    const [r] = await this.ds.query(`SELECT capacity, availability FROM reviewers WHERE id = $1`, [reviewerId]);
    return r ?? null;
  }
}
