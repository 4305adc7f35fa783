import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  exceptionStateMachine,
  ExceptionRow,
  findException,
  findQueue,
  slaPausesOf,
  type ExceptionAction,
  type ExceptionStatus,
} from '@app/triage';
import { isManager, StaffPrincipal } from '../auth/staff-principal';
import { ExceptionAccess } from './exception-access';
import { ExceptionDetailRepository } from './exception-detail.repository';
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
    @Inject(ExceptionDetailRepository) private readonly repo: ExceptionDetailRepository,
    @Inject(ExceptionAccess) private readonly access: ExceptionAccess,
  ) {}

  async detail(p: StaffPrincipal, id: string, lang: Language = DEFAULT_LANGUAGE) {
    const row = await this.access.visibleTo(this.ds, p, await findException(this.ds, this.actions.uuid(id)));
    const [queue, invoice, findings, comments, history, slaPauses] = await Promise.all([
      findQueue(this.ds, row.queue_key),
      this.repo.invoiceSummary(row.invoice_id),
      this.repo.findingsOf(row),
      this.repo.comments(row.id),
      this.repo.history(row.id),
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
      findings: findings.map((f) =>
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
      comments: comments.map((c) => ({
        id: Number(c.id),
        authorId: c.author_id,
        authorName: c.author_name,
        text: c.text,
        createdAt: iso(c.created_at),
      })),
      history: history.map((h) => ({
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
    const rows = await this.repo.myWork(p.userId);
    const r = await this.repo.reviewerLoad(p.userId);
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
