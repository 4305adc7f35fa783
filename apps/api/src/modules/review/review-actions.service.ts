import { ROUTE_REASONS } from '@app/queueing';
import { Inject, Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { Actor, recordAudit } from '@app/persistence';
import {
  applyTransition,
  claimNext,
  CLAIMABLE_STATUSES,
  ExceptionRow,
  findException,
  isHeld,
  isUuid,
  lockException,
  lockReviewerGate,
  Sql,
  TriageClock,
} from '@app/triage';
import { conflict, forbidden, notFound, unprocessable } from '../../common/api-error';
import { isManager, StaffPrincipal } from '../auth/staff-principal';
import { ExceptionAccess, mustHold } from './exception-access';
import { ExceptionReviewRepository } from './exception-review.repository';
import { ReviewJobsService } from './review-jobs.service';

export const staffActor = (p: StaffPrincipal): Actor => ({ type: 'staff', id: p.userId });

/** Claim, release, comment, escalate and reassign: each a transition with its audit event in one transaction. */
@Injectable()
export class ReviewActionsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(ReviewJobsService) private readonly jobs: ReviewJobsService,
    @Inject(ExceptionReviewRepository) private readonly repo: ExceptionReviewRepository,
    @Inject(ExceptionAccess) private readonly access: ExceptionAccess,
    @Inject(APP_CONFIG) cfg: EnvironmentVariables,
  ) {
    this.admitClaim = pLimit(cfg.CLAIM_CONCURRENCY);
  }

  /** review/next claims admitted CLAIM_CONCURRENCY at a time, the rest in arrival order. */
  private readonly admitClaim: pLimit.Limit;

  /** The highest-priority item the caller may take, claimed atomically; null when there is none. */
  async next(p: StaffPrincipal): Promise<ExceptionRow | null> {
    // The claim's own gate finds no reviewer row for a caller without a profile: the profile check
    // (403) costs a round trip only when nothing was claimed.
    // One round trip, its own transaction; the clock is read when the claim is admitted.
    const row = await this.admitClaim(() => claimNext(this.ds.manager, p.userId, this.clock.now(), 'pull'));
    if (!row) await this.requireReviewer(p);
    return row;
  }

  async claim(p: StaffPrincipal, id: string): Promise<ExceptionRow> {
    await this.requireReviewer(p);
    return this.ds.transaction(async (em) => {
      const now = this.clock.now();
      const gate = await lockReviewerGate(em, p.userId);
      const row = await this.access.visibleTo(em, p, await lockException(em, this.uuid(id)));
      if (row.assignee_id === p.userId) return row;
      if (row.assignee_id || !(CLAIMABLE_STATUSES as readonly string[]).includes(row.status)) {
        throw conflict(
          'NOT_CLAIMABLE',
          row.assignee_id ? 'Someone else holds this item' : `The item is ${row.status} and cannot be claimed`,
        );
      }
      if (row.first_approver_id === p.userId)
        throw forbidden('Four eyes: you gave the first approval, another person must give the second');
      if (!gate || !gate.queueKeys.includes(row.queue_key))
        throw forbidden(`You lack the skills the queue ${row.queue_key} requires`);
      if (gate.held >= gate.capacity)
        throw conflict(
          'CAPACITY_FULL',
          `You already hold ${gate.held} of your ${gate.capacity} items; resolve or release one first`,
        );
      return applyTransition(em, row, {
        action: 'assign',
        actor: staffActor(p),
        now,
        assigneeId: p.userId,
        auditAction: 'claimed',
        data: { mode: 'claim' },
      });
    });
  }

  async release(p: StaffPrincipal, id: string, reason?: string): Promise<ExceptionRow> {
    const { row, previous } = await this.ds.transaction(async (em) => {
      const row = await this.access.visibleTo(em, p, await lockException(em, this.uuid(id)));
      mustHold(p, row, 'release it');
      const updated = await applyTransition(em, row, {
        action: 'release',
        actor: staffActor(p),
        now: this.clock.now(),
        reason: reason ?? null,
        auditAction: 'released',
      });
      return { row: updated, previous: row.assignee_id };
    });
    await this.jobs.route(row.id, row.version, ROUTE_REASONS.released, previous);
    return row;
  }

  async comment(p: StaffPrincipal, id: string, text: string) {
    let held = false;
    const out = await this.ds.transaction(async (em) => {
      const row = await this.access.visibleTo(em, p, await lockException(em, this.uuid(id)));
      const c = await this.repo.addComment(em, { exceptionId: row.id, authorId: p.userId, text });
      held = row.assignee_id === p.userId;
      if (held) await this.touch(em, row.id);
      await recordAudit(em, {
        aggregateType: 'exception',
        aggregateId: row.id,
        action: 'commented',
        fromState: row.status,
        toState: row.status,
        actor: staffActor(p),
        data: { commentId: c.id },
      });
      return {
        id: Number(c.id),
        exceptionId: row.id,
        authorId: p.userId,
        text,
        createdAt: new Date(c.created_at).toISOString(),
      };
    });
    if (held) await this.repo.markReviewerActive(this.ds, p.userId, this.clock.now());
    return out;
  }

  async escalate(p: StaffPrincipal, id: string, reason: string): Promise<ExceptionRow> {
    const row = await this.ds.transaction(async (em) => {
      const row = await this.access.visibleTo(em, p, await lockException(em, this.uuid(id)));
      mustHold(p, row, 'escalate it');
      const now = this.clock.now();
      return applyTransition(em, row, {
        action: 'escalate',
        actor: staffActor(p),
        now,
        reason,
        auditAction: 'escalated',
        set: { escalated_at: now },
      });
    });
    if (row.assignee_id === null) await this.jobs.fill(p.userId, `escalated-${row.id}-${row.version}`);
    return row;
  }

  /** Manager hands an item to a reviewer with the skills for its queue (capacity is the manager's call). */
  async reassign(p: StaffPrincipal, id: string, reviewerId: string, reason?: string): Promise<ExceptionRow> {
    const { row, previous } = await this.ds.transaction(async (em) => {
      const now = this.clock.now();
      const gate = await lockReviewerGate(em, reviewerId);
      if (!gate)
        throw unprocessable('UNKNOWN_REVIEWER', `No active reviewer ${reviewerId}`, [
          { path: 'reviewerId', issue: 'unknown reviewer' },
        ]);
      const row = await lockException(em, this.uuid(id));
      if (!row) throw notFound('Exception', id);
      if (!gate.queueKeys.includes(row.queue_key))
        throw unprocessable('MISSING_SKILLS', `The reviewer lacks the skills the queue ${row.queue_key} requires`, [
          { path: 'reviewerId', issue: 'missing skills' },
        ]);
      if (row.first_approver_id === reviewerId)
        throw forbidden('Four eyes: the first approver cannot give the second approval');
      if (row.assignee_id === reviewerId) return { row, previous: null };
      const action = row.first_approver_id ? 'reassign_second' : 'reassign';
      const updated = await applyTransition(em, row, {
        action,
        actor: staffActor(p),
        now,
        assigneeId: reviewerId,
        reason: reason ?? null,
        auditAction: 'reassigned',
      });
      return { row: updated, previous: isHeld(row.status) ? row.assignee_id : null };
    });
    if (previous) await this.jobs.fill(previous, `reassigned-${row.id}-${row.version}`);
    return row;
  }

  /**
   * Any action of the holder counts as activity on the item (abandoned-claim timeout); the caller stamps the
   * reviewer's activity after its transaction (`markReviewerActive`).
   */
  async touch(em: Sql, exceptionId: string): Promise<void> {
    await this.repo.touch(em, exceptionId, this.clock.now());
  }

  async requireReviewer(p: StaffPrincipal): Promise<void> {
    if (!(await this.repo.reviewerExists(p.userId)))
      throw forbidden(
        isManager(p) ? 'Create a reviewer profile for yourself to take items' : 'You have no reviewer profile',
      );
  }

  uuid(id: string): string {
    if (!isUuid(id)) throw notFound('Exception', id);
    return id;
  }
}

export { findException };
