import { EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { queueAggregateId } from '../queues/queue-aggregate-id.util';
import { QueueFourEyes, SupplierBankAccountsAdd, SupplierTolerances } from './pending-change.kinds';
import { PendingChangeRow } from './pending-change.repository';
import { notFound } from '../../common/api-error';

/** Applies an approved change to its record, auditing it on that record (the approver is the actor). */
export async function applyPendingChange(em: EntityManager, c: PendingChangeRow, approver: Actor): Promise<void> {
  const trail = { pendingChangeId: c.id, requestedBy: c.requested_by };
  if (c.target_type === 'supplier') {
    const [s] = await em.query(
      `SELECT id, blocked, blocked_reason, price_tolerance_pct::text AS ptol, quantity_tolerance_pct::text AS qtol FROM suppliers WHERE id = $1 FOR UPDATE`,
      [c.target_id],
    );
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
      await em.query(
        `INSERT INTO supplier_bank_accounts (supplier_id, iban) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [c.target_id, ibans],
      );
      await em.query(`UPDATE suppliers SET updated_at = now() WHERE id = $1`, [c.target_id]);
      return audit('bank_accounts_added', { ibans });
    }
    if (c.kind === 'supplier.unblock') {
      await em.query(`UPDATE suppliers SET blocked = false, blocked_reason = NULL, updated_at = now() WHERE id = $1`, [
        c.target_id,
      ]);
      return audit('unblocked', { before: { blocked: s.blocked, blockedReason: s.blocked_reason } });
    }
    if (c.kind === 'supplier.tolerances') {
      const t = c.payload as SupplierTolerances;
      await em.query(
        `UPDATE suppliers SET price_tolerance_pct = COALESCE($2::numeric, price_tolerance_pct), quantity_tolerance_pct = COALESCE($3::numeric, quantity_tolerance_pct),
        updated_at = now() WHERE id = $1`,
        [c.target_id, t.priceTolerancePct ?? null, t.quantityTolerancePct ?? null],
      );
      return audit('tolerances_raised', {
        before: { priceTolerancePct: s.ptol, quantityTolerancePct: s.qtol },
        after: t,
      });
    }
  }
  if (c.kind === 'queue.four-eyes') {
    const [q] = await em.query(
      `SELECT four_eyes, four_eyes_amount_threshold FROM review_queues WHERE key = $1 FOR UPDATE`,
      [c.target_id],
    );
    if (!q) throw notFound('Queue', c.target_id);
    const f = c.payload as QueueFourEyes;
    await em.query(
      `UPDATE review_queues SET four_eyes = CASE WHEN $2 THEN $3::boolean ELSE four_eyes END,
        four_eyes_amount_threshold = CASE WHEN $4 THEN $5::numeric ELSE four_eyes_amount_threshold END, updated_at = now() WHERE key = $1`,
      [
        c.target_id,
        'fourEyes' in f,
        f.fourEyes ?? null,
        'fourEyesAmountThreshold' in f,
        f.fourEyesAmountThreshold ?? null,
      ],
    );
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
