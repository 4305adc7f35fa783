import { ROUTE_REASONS } from '@app/queueing';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { invoiceStateMachine } from '@app/domain';
import { recordAudit } from '@app/persistence';
import {
  applyTransition,
  ExceptionRow,
  FieldCorrection,
  finalizeInvoiceIfDone,
  findException,
  findQueue,
  fourEyesPolicyOf,
  lockException,
  requiresFourEyes,
  TriageClock,
} from '@app/triage';
import { badRequest, conflict, forbidden, notFound } from '../../common/api-error';
import { isManager, StaffPrincipal } from '../auth/staff-principal';
import { ResolveDto } from './dto/review-action.dto';
import { ExceptionAccess, mustHold } from './exception-access';
import { ExceptionReviewRepository } from './exception-review.repository';
import { applyCorrections, refuseUnstorableCorrections, storeCorrectedInvoice } from './invoice-correction';
import { ReviewActionsService, staffActor } from './review-actions.service';
import { ReviewJobsService } from './review-jobs.service';
import { ReasonCodesService } from './reason-codes';

export interface ResolveOutcome {
  exception: ExceptionRow;
  invoiceStatus: string | null;
  revalidationRun?: number;
  superseded?: string[];
}

/**
 * Decisions. Lock order is invoice → exception (the same as every path that closes items), so two
 * last resolutions of one invoice serialise and exactly one of them finalises the invoice.
 */
@Injectable()
export class ResolveExceptionService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(ReviewJobsService) private readonly jobs: ReviewJobsService,
    @Inject(ReviewActionsService) private readonly actions: ReviewActionsService,
    @Inject(ReasonCodesService) private readonly reasonCodes: ReasonCodesService,
    @Inject(ExceptionReviewRepository) private readonly repo: ExceptionReviewRepository,
    @Inject(ExceptionAccess) private readonly access: ExceptionAccess,
  ) {}

  async resolve(p: StaffPrincipal, id: string, dto: ResolveDto): Promise<ResolveOutcome> {
    if (dto.decision === 'correct' && !dto.corrections?.length) {
      throw badRequest('CORRECTIONS_REQUIRED', 'A correction needs at least one field correction', [
        { path: 'corrections', issue: 'missing', expected: 'array of {fieldPath, value}' },
      ]);
    }
    const out = await this.inInvoiceLock(p, id, async (em, row) => {
      mustHold(p, row, 'decide on it');
      const code = await this.reasonCodes.check(em, dto.reasonCode, dto.decision);
      if (row.first_approver_id) {
        // Second review: the proposal is approved or turned down; a new correction would again be one person's.
        if (dto.decision === 'approve') return this.secondApproval(em, p, row, dto.reason, code);
        if (dto.decision === 'correct') {
          throw conflict(
            'FOUR_EYES_PROPOSAL_PENDING',
            'This item awaits the second approval of a proposed decision: approve it, or reject / return it',
            [
              {
                path: 'decision',
                issue: 'a correction cannot replace a proposal awaiting its second approval',
                expected: 'approve, reject or return_to_supplier',
                actual: 'correct',
              },
            ],
          );
        }
        return this.close(em, p, row, dto.decision, dto.reason, code);
      }
      if (dto.decision === 'approve' || dto.decision === 'correct') {
        const queue = await findQueue(em, row.queue_key);
        if (queue && requiresFourEyes(fourEyesPolicyOf(queue), row.amount))
          return this.firstApproval(em, p, row, dto, code);
      }
      if (dto.decision === 'correct')
        return this.correct(em, p, row, dto.corrections!, dto.reason, {
          action: 'resolve',
          auditAction: 'resolved',
          code,
        });
      return this.close(em, p, row, dto.decision, dto.reason, code);
    });
    await this.afterDecision(p, out);
    return out;
  }

  async approveSecond(p: StaffPrincipal, id: string, reason?: string): Promise<ResolveOutcome> {
    const out = await this.inInvoiceLock(p, id, async (em, row) => {
      if (!row.first_approver_id) throw forbidden('This item has no first approval; resolve it with decision approve');
      if (!isManager(p)) mustHold(p, row, 'give the second approval');
      return this.secondApproval(em, p, row, reason ?? 'second approval');
    });
    await this.afterDecision(p, out);
    return out;
  }

  private async inInvoiceLock(
    p: StaffPrincipal,
    id: string,
    fn: (em: EntityManager, row: ExceptionRow) => Promise<ResolveOutcome>,
  ): Promise<ResolveOutcome> {
    const pre = await findException(this.ds, this.actions.uuid(id));
    if (!pre) throw notFound('Exception', id);
    const out = await this.ds.transaction(async (em) => {
      await this.repo.lockInvoice(em, pre.invoice_id);
      const row = await this.access.visibleTo(em, p, await lockException(em, pre.id));
      return fn(em, row);
    });
    // After the commit, holding no item (see markReviewerActive: the push locks reviewer, then item).
    await this.repo.markReviewerActive(this.ds, p.userId, this.clock.now());
    return out;
  }

  /**
   * The first of two approvals. A correction is only proposed here (checked against the invoice, kept on the
   * item) and applied when a different person gives the second approval.
   */
  private async firstApproval(
    em: EntityManager,
    p: StaffPrincipal,
    row: ExceptionRow,
    dto: ResolveDto,
    code: string | null = null,
  ): Promise<ResolveOutcome> {
    const corrections =
      dto.decision === 'correct' ? dto.corrections!.map(({ fieldPath, value }) => ({ fieldPath, value })) : null;
    if (corrections) {
      applyCorrections(await this.repo.invoiceCanonical(em, row.invoice_id), corrections);
    }
    const exception = await applyTransition(em, row, {
      action: 'approve_first',
      actor: staffActor(p),
      now: this.clock.now(),
      reason: dto.reason,
      auditAction: 'first_approval',
      data: { decision: dto.decision, ...(corrections ? { corrections } : {}), ...(code ? { reasonCode: code } : {}) },
      set: {
        first_approver_id: p.userId,
        decision: dto.decision,
        decision_reason: dto.reason,
        decision_reason_code: code,
        proposed_corrections: corrections ? JSON.stringify(corrections) : null,
      },
    });
    return { exception, invoiceStatus: null };
  }

  private async secondApproval(
    em: EntityManager,
    p: StaffPrincipal,
    row: ExceptionRow,
    reason: string,
    code: string | null = null,
  ): Promise<ResolveOutcome> {
    if (row.first_approver_id === p.userId)
      throw forbidden('Four eyes: the first approver cannot give the second approval');
    const why = [row.decision_reason, reason].filter(Boolean).join(' / ');
    if (row.decision === 'correct' && row.proposed_corrections?.length) {
      return this.correct(em, p, row, row.proposed_corrections, why, {
        action: 'approve_second',
        auditAction: 'second_approval',
        code,
      });
    }
    const now = this.clock.now();
    const exception = await applyTransition(em, row, {
      action: 'approve_second',
      actor: staffActor(p),
      now,
      reason,
      auditAction: 'second_approval',
      ...(code ? { data: { reasonCode: code } } : {}),
      set: {
        decision: 'approve',
        decision_reason: why,
        resolved_by: p.userId,
        resolved_at: now,
        ...(code ? { decision_reason_code: code } : {}),
      },
    });
    return { exception, invoiceStatus: await finalizeInvoiceIfDone(em, row.invoice_id, staffActor(p)) };
  }

  private async close(
    em: EntityManager,
    p: StaffPrincipal,
    row: ExceptionRow,
    decision: string,
    reason: string,
    code: string | null = null,
  ): Promise<ResolveOutcome> {
    const now = this.clock.now();
    const exception = await applyTransition(em, row, {
      action: 'resolve',
      actor: staffActor(p),
      now,
      reason,
      auditAction: 'resolved',
      data: { decision, ...(code ? { reasonCode: code } : {}) },
      set: { decision, decision_reason: reason, decision_reason_code: code, resolved_by: p.userId, resolved_at: now },
    });
    return { exception, invoiceStatus: await finalizeInvoiceIfDone(em, row.invoice_id, staffActor(p)) };
  }

  /**
   * A correction changes the invoice, so the rules run again on it. The other active items of the
   * invoice are closed as superseded: their findings were about the old content. The new run
   * reopens every route key that still fails (see reopenAfterRevalidation) and opens new ones.
   */
  private async correct(
    em: EntityManager,
    p: StaffPrincipal,
    row: ExceptionRow,
    corrections: FieldCorrection[],
    reason: string,
    how: { action: 'resolve' | 'approve_second'; auditAction: string; code?: string | null },
  ): Promise<ResolveOutcome> {
    const now = this.clock.now();
    const inv = await this.repo.invoiceForCorrection(em, row.invoice_id);
    const to = invoiceStateMachine.next(inv.status, 'revalidate');
    const { invoice, changes } = applyCorrections(inv.canonical, corrections);
    await refuseUnstorableCorrections(invoice, corrections);
    await storeCorrectedInvoice(em, row.invoice_id, invoice);
    const exception = await applyTransition(em, row, {
      action: how.action,
      actor: staffActor(p),
      now,
      reason,
      auditAction: how.auditAction,
      data: { decision: 'correct', changes, ...(how.code ? { reasonCode: how.code } : {}) },
      set: {
        decision: 'correct',
        decision_reason: reason,
        resolved_by: p.userId,
        resolved_at: now,
        proposed_corrections: null,
        ...(how.code ? { decision_reason_code: how.code } : {}),
      },
    });
    const others = await this.repo.lockOtherActive(em, row.invoice_id, row.id);
    for (const o of others) {
      await applyTransition(em, o, {
        action: 'supersede',
        actor: staffActor(p),
        now,
        auditAction: 'superseded',
        reason: `invoice corrected in ${row.id}; rules run again`,
      });
    }
    await this.repo.setInvoiceStatus(em, row.invoice_id, to);
    const run = inv.validation_runs + 1;
    await recordAudit(em, {
      aggregateType: 'invoice',
      aggregateId: row.invoice_id,
      action: 'corrected',
      fromState: inv.status,
      toState: to,
      actor: staffActor(p),
      reason,
      data: { exceptionId: row.id, changes, run, superseded: others.map((o) => o.id) },
    });
    return { exception, invoiceStatus: to, revalidationRun: run, superseded: others.map((o) => o.id) };
  }

  private async afterDecision(p: StaffPrincipal, out: ResolveOutcome): Promise<void> {
    const e = out.exception;
    if (out.revalidationRun) await this.jobs.revalidate(e.invoice_id, out.revalidationRun);
    if (e.status === 'awaiting_second_approval')
      await this.jobs.route(e.id, e.version, ROUTE_REASONS.secondApproval, p.userId);
    // The decision freed capacity: give the reviewer their next item.
    await this.jobs.fill(p.userId, `decided-${e.id}-${e.version}`);
  }
}
