import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  exceptionStateMachine,
  ExceptionRow,
  findException,
  findQueue,
  HELD_STATUSES,
  slaPausesOf,
  sqlStatusList,
  type ExceptionAction,
  type ExceptionStatus,
} from '@app/triage';
import { isManager, StaffPrincipal } from '../auth/staff-principal';
import { visibleTo } from './exception-access';
import { exceptionView } from './exception.view';
import { ReviewActionsService } from './review-actions.service';
import { DEFAULT_LANGUAGE, type Language } from '@app/rules';
import { localizedFinding } from '../../common/language/request-language';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Read side of the workbench: one item with everything needed to decide, and the caller's work list. */
@Injectable()
export class ExceptionDetailService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ReviewActionsService) private readonly actions: ReviewActionsService,
  ) {}

  async detail(p: StaffPrincipal, id: string, lang: Language = DEFAULT_LANGUAGE) {
    const row = await visibleTo(this.ds, p, await findException(this.ds, this.actions.uuid(id)));
    const [queue, [invoice], findings, comments, history, slaPauses] = await Promise.all([
      findQueue(this.ds, row.queue_key),
      this.ds.query(
        `SELECT id, status, invoice_number, format, received_at, validation_runs, canonical FROM invoices WHERE id = $1`,
        [row.invoice_id],
      ),
      this.ds.query(
        `SELECT id, rule_id, severity, category, field_path, message, expected, actual, hint, validation_run, route_key FROM findings
         WHERE invoice_id = $1 AND validation_run = (SELECT max(validation_run) FROM findings WHERE invoice_id = $1)
           AND (exception_id = $2 OR (severity = 'warning' AND route_key = $3)) ORDER BY severity, rule_id`,
        [row.invoice_id, row.id, row.route_key],
      ),
      this.ds.query(
        `SELECT c.id, c.author_id, u.name AS author_name, c.text, c.created_at FROM exception_comments c JOIN staff_users u ON u.id = c.author_id
                     WHERE c.exception_id = $1 ORDER BY c.id`,
        [row.id],
      ),
      this.ds.query(
        `SELECT a.id, a.action, a.from_state, a.to_state, a.actor_type, a.actor_id, a.reason, a.data, a.occurred_at,
                            COALESCE(u.name, CASE WHEN a.actor_type = 'system' THEN 'system' END) AS actor_name, t.name AS target_name
                     FROM audit_events a LEFT JOIN staff_users u ON a.actor_type = 'staff' AND u.id::text = a.actor_id
                       LEFT JOIN staff_users t ON t.id::text = a.data->>'to'
                     WHERE a.aggregate_type = 'exception' AND a.aggregate_id = $1 ORDER BY a.id`,
        [row.id],
      ),
      slaPausesOf(this.ds, row.id),
    ]);
    return {
      exception: exceptionView(row, queue),
      slaPauses,
      queue: queue && {
        key: queue.key,
        name: queue.name,
        slaMinutes: queue.sla_minutes,
        timeZone: queue.time_zone,
        fourEyes: queue.four_eyes,
        fourEyesAmountThreshold: queue.four_eyes_amount_threshold,
        priorityRule: queue.priority_rule,
        warnAtShare: Number(queue.warn_at_share),
      },
      invoice: invoice && {
        id: invoice.id,
        status: invoice.status,
        invoiceNumber: invoice.invoice_number,
        format: invoice.format,
        receivedAt: iso(invoice.received_at),
        validationRuns: invoice.validation_runs,
        canonical: invoice.canonical,
      },
      lang,
      findings: findings.map((f: any) =>
        localizedFinding(
          {
            id: f.id,
            ruleId: f.rule_id,
            severity: f.severity,
            category: f.category,
            fieldPath: f.field_path,
            message: f.message,
            expected: f.expected,
            actual: f.actual,
            hint: f.hint,
            validationRun: f.validation_run,
            routeKey: f.route_key,
          },
          lang,
        ),
      ),
      comments: comments.map((c: any) => ({
        id: Number(c.id),
        authorId: c.author_id,
        authorName: c.author_name,
        text: c.text,
        createdAt: iso(c.created_at),
      })),
      history: history.map((h: any) => ({
        id: Number(h.id),
        action: h.action,
        fromState: h.from_state,
        toState: h.to_state,
        actorType: h.actor_type,
        actorId: h.actor_id,
        actorName: h.actor_name ?? null,
        assigneeName: h.target_name ?? null,
        reason: h.reason,
        data: h.data,
        occurredAt: iso(h.occurred_at),
      })),
      allowedActions: allowedActions(p, row),
    };
  }

  /** Items the caller holds, plus first approvals of theirs still waiting for a second person. */
  async myWork(p: StaffPrincipal) {
    const rows: ExceptionRow[] = await this.ds.query(
      `SELECT * FROM exceptions WHERE (assignee_id = $1 AND status IN (${sqlStatusList(HELD_STATUSES)}))
          OR (first_approver_id = $1 AND status = 'awaiting_second_approval')
       ORDER BY (assignee_id = $1) DESC, sla_due_at NULLS LAST, priority DESC LIMIT 500`,
      [p.userId],
    );
    const [r] = await this.ds.query(`SELECT capacity, availability FROM reviewers WHERE id = $1`, [p.userId]);
    const held = rows.filter((e) => e.assignee_id === p.userId);
    return {
      items: held.map((e) => exceptionView(e)),
      awaitingSecondApproval: rows.filter((e) => e.assignee_id !== p.userId).map((e) => exceptionView(e)),
      capacity: r?.capacity ?? 0,
      availability: r?.availability ?? null,
      open: held.length,
    };
  }
}

/**
 * What the reader may do with the item now: the exception state machine says which transitions the
 * status allows; who may take them (holder, manager, not the first approver) is decided here.
 */
export function allowedActions(p: StaffPrincipal, e: ExceptionRow): string[] {
  const can = (action: ExceptionAction) => exceptionStateMachine.can(e.status as ExceptionStatus, action);
  const mine = e.assignee_id === p.userId;
  const manager = isManager(p);
  const out: string[] = ['comment'];
  if (!e.assignee_id && can('assign') && e.first_approver_id !== p.userId) out.push('claim');
  if ((mine || (manager && e.assignee_id)) && can('release')) out.push('release');
  if (mine || manager) {
    if (can('resolve')) out.push('resolve');
    if (e.first_approver_id && e.first_approver_id !== p.userId && can('approve_second')) out.push('approve-second');
    if (can('escalate')) out.push('escalate');
  }
  if (manager && (can('reassign') || can('reassign_second'))) out.push('reassign');
  return out;
}
