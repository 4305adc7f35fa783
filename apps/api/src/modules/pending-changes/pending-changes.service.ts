import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit } from '@app/persistence';
import { isUuid } from '@app/triage';
import { ApiError, conflict, notFound } from '../../common/api-error';
import { StaffPrincipal } from '../auth/staff-principal';
import { SupplierRepository } from '../master-data/supplier.repository';
import { applyPendingChange } from './pending-change.appliers';
import {
  findPendingChange,
  listPendingChanges,
  lockPendingChange,
  markDecided,
  pendingChangeView,
  PendingChangeView,
} from './pending-change.repository';
import { QueueFourEyesRepository } from './queue-four-eyes.repository';

/** Deciding pending changes: a different manager or admin approves (the change then applies) or rejects. */
@Injectable()
export class PendingChangesService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(SupplierRepository) private readonly suppliers: SupplierRepository,
    @Inject(QueueFourEyesRepository) private readonly queues: QueueFourEyesRepository,
  ) {}

  async list(f: { status?: string; targetType?: string; targetId?: string; limit?: number }) {
    return { items: (await listPendingChanges(this.ds, { ...f, limit: f.limit ?? 100 })).map(pendingChangeView) };
  }

  async get(id: string): Promise<PendingChangeView> {
    const row = isUuid(id) ? await findPendingChange(this.ds, id) : null;
    if (!row) throw notFound('Pending change', id);
    return pendingChangeView(row);
  }

  async approve(p: StaffPrincipal, id: string, reason?: string): Promise<PendingChangeView> {
    return this.decide(p, id, 'approved', reason ?? null);
  }

  /** Anyone who may approve may reject, the requester included (withdrawing their own request). */
  async reject(p: StaffPrincipal, id: string, reason: string): Promise<PendingChangeView> {
    return this.decide(p, id, 'rejected', reason);
  }

  private async decide(
    p: StaffPrincipal,
    id: string,
    to: 'approved' | 'rejected',
    reason: string | null,
  ): Promise<PendingChangeView> {
    if (!isUuid(id)) throw notFound('Pending change', id);
    return this.ds.transaction(async (em) => {
      const row = await lockPendingChange(em, id);
      if (!row) throw notFound('Pending change', id);
      if (row.status !== 'pending')
        throw conflict('PENDING_CHANGE_DECIDED', `This change was already ${row.status}`, [
          { path: 'status', issue: 'already decided', actual: row.status },
        ]);
      const actor = { type: 'staff' as const, id: p.userId };
      if (to === 'approved') {
        if (row.requested_by === p.userId)
          throw new ApiError(
            403,
            'SAME_PERSON',
            'Dual control: a change must be approved by someone other than the person who requested it',
          );
        await applyPendingChange(em, row, actor, { suppliers: this.suppliers, queues: this.queues });
      }
      const decided = await markDecided(em, row.id, to, p.userId, reason);
      await recordAudit(em, {
        aggregateType: 'pending_change',
        aggregateId: row.id,
        action: to,
        fromState: 'pending',
        toState: to,
        actor,
        reason,
        data: { kind: row.kind, targetType: row.target_type, targetId: row.target_id, requestedBy: row.requested_by },
      });
      return pendingChangeView(decided);
    });
  }
}
