import { Inject, Injectable } from '@nestjs/common';
import { ExceptionRow, isHeld, CLAIMABLE_STATUSES, Sql } from '@app/triage';
import { isManager, StaffPrincipal } from '../auth/staff-principal';
import { forbidden, notFound } from '../../common/api-error';
import { ExceptionReviewRepository } from './exception-review.repository';

/**
 * Who may see and act on an item. A reviewer sees items they hold, items they gave the first
 * approval of or resolved, and waiting items of queues they have the skills for; anything else answers 404 (its
 * existence is not disclosed). Acting on a visible item that is not theirs answers 403. Managers and
 * admins see and act on every item.
 */
@Injectable()
export class ExceptionAccess {
  constructor(@Inject(ExceptionReviewRepository) private readonly repo: ExceptionReviewRepository) {}

  /** The item when the caller may see it (`em`: the caller's transaction, or the data source). */
  async visibleTo(em: Sql, p: StaffPrincipal, e: ExceptionRow | null): Promise<ExceptionRow> {
    if (!e) throw notFound('Exception');
    if (isManager(p) || e.assignee_id === p.userId || e.first_approver_id === p.userId || e.resolved_by === p.userId)
      return e;
    if (
      (CLAIMABLE_STATUSES as readonly string[]).includes(e.status) &&
      !e.assignee_id &&
      (await this.repo.hasSkillsFor(em, p.userId, e.queue_key))
    )
      return e;
    throw notFound('Exception', e.id);
  }
}

/** The caller must hold the item (managers may act on any). */
export function mustHold(p: StaffPrincipal, e: ExceptionRow, what: string): void {
  if (isManager(p)) return;
  if (!isHeld(e.status) || e.assignee_id !== p.userId)
    throw forbidden(`Only the reviewer holding this item can ${what}; claim it first`);
}
