import { EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { queueAggregateId } from '../queues/queue-aggregate-id.util';
import { SupplierRepository } from '../master-data/supplier.repository';
import { QueueFourEyes, SupplierBankAccountsAdd, SupplierTolerances } from './pending-change.kinds';
import { PendingChangeRow } from './pending-change.repository';
import { QueueFourEyesRepository } from './queue-four-eyes.repository';
import { notFound } from '../../common/api-error';

/** Where approved changes are written: the records they change. */
export interface PendingChangeTargets {
  suppliers: SupplierRepository;
  queues: QueueFourEyesRepository;
}

/** Applies an approved change to its record, auditing it on that record (the approver is the actor). */
export async function applyPendingChange(
  em: EntityManager,
  c: PendingChangeRow,
  approver: Actor,
  { suppliers, queues }: PendingChangeTargets,
): Promise<void> {
  const trail = { pendingChangeId: c.id, requestedBy: c.requested_by };
  if (c.target_type === 'supplier') {
    const s = await suppliers.lockControls(em, c.target_id);
    if (!s) throw notFound('Supplier', c.target_id);
    const audit = (action: string, data: Record<string, unknown>) =>
      recordAudit(em, {
        aggregateType: 'supplier',
        aggregateId: c.target_id,
        action,
        actor: approver,
        reason: c.reason,
        data: { ...data, ...trail },
      });
    if (c.kind === 'supplier.bank-accounts.add') {
      const { ibans } = c.payload as unknown as SupplierBankAccountsAdd;
      await suppliers.addBankAccounts(em, c.target_id, ibans);
      await suppliers.touch(em, c.target_id);
      return audit('bank_accounts_added', { ibans });
    }
    if (c.kind === 'supplier.unblock') {
      await suppliers.unblock(em, c.target_id);
      return audit('unblocked', { before: { blocked: s.blocked, blockedReason: s.blocked_reason } });
    }
    if (c.kind === 'supplier.tolerances') {
      const t = c.payload as SupplierTolerances;
      await suppliers.setTolerances(em, c.target_id, t.priceTolerancePct ?? null, t.quantityTolerancePct ?? null);
      return audit('tolerances_raised', {
        before: { priceTolerancePct: s.ptol, quantityTolerancePct: s.qtol },
        after: t,
      });
    }
  }
  if (c.kind === 'queue.four-eyes') {
    const q = await queues.lock(em, c.target_id);
    if (!q) throw notFound('Queue', c.target_id);
    const f = c.payload as QueueFourEyes;
    await queues.set(em, c.target_id, f);
    await recordAudit(em, {
      aggregateType: 'queue',
      aggregateId: queueAggregateId(c.target_id),
      action: 'four_eyes_loosened',
      actor: approver,
      reason: c.reason,
      data: {
        key: c.target_id,
        before: { fourEyes: q.four_eyes, fourEyesAmountThreshold: q.four_eyes_amount_threshold },
        after: f,
        ...trail,
      },
    });
    return;
  }
  throw new Error(`pending change ${c.id}: no applier for ${c.kind}`);
}
