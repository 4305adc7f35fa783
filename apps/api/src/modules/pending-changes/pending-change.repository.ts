import { EntityManager } from 'typeorm';
import { recordAudit } from '@app/persistence';
import { PendingChangeKind, PendingChangeRequest, PendingChangeStatus } from './pending-change.kinds';

type Sql = Pick<EntityManager, 'query'>;

export interface PendingChangeRow {
  id: string;
  kind: PendingChangeKind;
  target_type: 'supplier' | 'queue';
  target_id: string;
  payload: Record<string, unknown>;
  status: PendingChangeStatus;
  reason: string | null;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function pendingChangeView(r: PendingChangeRow) {
  return {
    id: r.id,
    kind: r.kind,
    targetType: r.target_type,
    targetId: r.target_id,
    payload: r.payload,
    status: r.status,
    reason: r.reason,
    requestedBy: r.requested_by,
    requestedAt: iso(r.requested_at),
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    decisionReason: r.decision_reason,
  };
}
export type PendingChangeView = ReturnType<typeof pendingChangeView>;

/** Records requested changes (each audited) in the caller's transaction. */
export async function requestChanges(
  em: EntityManager,
  requests: PendingChangeRequest[],
  requestedBy: string,
  reason: string | null | undefined,
): Promise<PendingChangeView[]> {
  const out: PendingChangeView[] = [];
  for (const r of requests) {
    const [row]: PendingChangeRow[] = await em.query(
      `INSERT INTO pending_changes (kind, target_type, target_id, payload, reason, requested_by) VALUES ($1,$2,$3,$4,$5,$6) RETURNING *`,
      [r.kind, r.targetType, r.targetId, JSON.stringify(r.payload), reason ?? null, requestedBy],
    );
    await recordAudit(em, {
      aggregateType: 'pending_change',
      aggregateId: row.id,
      action: 'requested',
      toState: 'pending',
      actor: { type: 'staff', id: requestedBy },
      reason: reason ?? null,
      data: { kind: r.kind, targetType: r.targetType, targetId: r.targetId, payload: r.payload },
    });
    out.push(pendingChangeView(row));
  }
  return out;
}

export async function lockPendingChange(em: Sql, id: string): Promise<PendingChangeRow | null> {
  const [row] = await em.query(`SELECT * FROM pending_changes WHERE id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

export async function findPendingChange(em: Sql, id: string): Promise<PendingChangeRow | null> {
  const [row] = await em.query(`SELECT * FROM pending_changes WHERE id = $1`, [id]);
  return row ?? null;
}

export async function listPendingChanges(
  em: Sql,
  f: { status?: string; targetType?: string; targetId?: string; limit: number },
): Promise<PendingChangeRow[]> {
  return em.query(
    `SELECT * FROM pending_changes WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR target_type = $2) AND ($3::text IS NULL OR target_id = $3)
     ORDER BY requested_at DESC, id LIMIT $4`,
    [f.status ?? null, f.targetType ?? null, f.targetId ?? null, f.limit],
  );
}

export async function markDecided(
  em: Sql,
  id: string,
  status: 'approved' | 'rejected',
  decidedBy: string,
  reason: string | null,
): Promise<PendingChangeRow> {
  const [[row]] = await em.query(
    `UPDATE pending_changes SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4 WHERE id = $1 AND status = 'pending' RETURNING *`,
    [id, status, decidedBy, reason],
  );
  return row;
}
