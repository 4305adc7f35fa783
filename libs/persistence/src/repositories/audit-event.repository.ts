import { EntityManager } from 'typeorm';

export type ActorType = 'integration' | 'staff' | 'system';

export interface Actor {
  type: ActorType;
  id?: string | null;
}

export const SYSTEM: Actor = { type: 'system', id: 'system' };

export interface AuditEventInput {
  aggregateType:
    | 'invoice'
    | 'exception'
    | 'supplier'
    | 'queue'
    | 'reviewer'
    | 'integration'
    | 'purchase_order'
    | 'settings'
    | 'staff_user'
    | 'pending_change'
    | 'webhook_endpoint';
  aggregateId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  actor: Actor;
  reason?: string | null;
  data?: unknown;
  at?: Date;
}

/**
 * Writes one audit event; callers pass the transaction's manager so the event commits with the change.
 * One statement writes audit rows elsewhere: the claim routine `claim_next_exception` (migration
 * ClaimRoutine, called by libs/triage/src/repositories/claim-next.repository.ts) inserts its event inside
 * its own statement to stay one round trip; a column added here must be added there too.
 */
export async function recordAudit(em: EntityManager, e: AuditEventInput): Promise<void> {
  await em.query(
    `INSERT INTO audit_events (aggregate_type, aggregate_id, action, from_state, to_state, actor_type, actor_id, reason, data, occurred_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9, COALESCE($10, now()))`,
    [
      e.aggregateType,
      e.aggregateId,
      e.action,
      e.fromState ?? null,
      e.toState ?? null,
      e.actor.type,
      e.actor.id ?? null,
      e.reason ?? null,
      e.data === undefined ? null : JSON.stringify(e.data),
      e.at ?? null,
    ],
  );
}

/**
 * Writes several audit events in one statement (in the order given, so their ids keep that order); the
 * same columns as `recordAudit`.
 */
export async function recordAudits(em: EntityManager, events: AuditEventInput[]): Promise<void> {
  if (!events.length) return;
  if (events.length === 1) return recordAudit(em, events[0]);
  const col = <T>(pick: (e: AuditEventInput) => T) => events.map(pick);
  await em.query(
    `INSERT INTO audit_events (aggregate_type, aggregate_id, action, from_state, to_state, actor_type, actor_id, reason, data, occurred_at)
     SELECT t, a, act, f, s, at, ai, r, d, COALESCE(o, now())
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::timestamptz[])
         WITH ORDINALITY AS u(t, a, act, f, s, at, ai, r, d, o, n)
      ORDER BY n`,
    [
      col((e) => e.aggregateType),
      col((e) => e.aggregateId),
      col((e) => e.action),
      col((e) => e.fromState ?? null),
      col((e) => e.toState ?? null),
      col((e) => e.actor.type),
      col((e) => e.actor.id ?? null),
      col((e) => e.reason ?? null),
      col((e) => (e.data === undefined ? null : JSON.stringify(e.data))),
      col((e) => e.at ?? null),
    ],
  );
}
