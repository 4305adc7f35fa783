import { EntityManager } from 'typeorm';
import { FieldCorrection } from '../exception/decision';
import { ExceptionStatus } from '../exception/exception-state';

/** An exceptions row as PostgreSQL returns it (snake_case, numerics as strings). */
export interface ExceptionRow {
  id: string;
  invoice_id: string;
  route_key: string;
  queue_key: string;
  category: string;
  country: string | null;
  supplier_id: string | null;
  amount: string | null;
  currency: string | null;
  status: ExceptionStatus;
  priority: string;
  assignee_id: string | null;
  claimed_at: Date | null;
  first_claimed_at: Date | null;
  last_activity_at: Date | null;
  decision: string | null;
  decision_reason: string | null;
  first_approver_id: string | null;
  /** A correction awaiting its second approval (four-eyes items). */
  proposed_corrections?: FieldCorrection[] | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  sla_started_at: Date | null;
  sla_warn_at: Date | null;
  sla_due_at: Date | null;
  sla_warned_at: Date | null;
  sla_breached_at: Date | null;
  escalated_at: Date | null;
  /** Start of the open SLA pause (waiting for the supplier or the buyer); null when the clock runs. */
  sla_paused_at?: Date | null;
  /** Wall time spent paused in total (seconds, numeric). */
  sla_paused_seconds?: string;
  handle_seconds: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export type Sql = Pick<EntityManager, 'query'>;

/** Locks one exception for the rest of the transaction (null when unknown). */
export async function lockException(em: Sql, id: string): Promise<ExceptionRow | null> {
  const rows: ExceptionRow[] = await em.query(`SELECT * FROM exceptions WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

/** Locks these items in id order (one statement); the ones that exist, in id order. */
export async function lockExceptions(em: Sql, ids: string[]): Promise<ExceptionRow[]> {
  return em.query(`SELECT * FROM exceptions WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
}

export async function findException(em: Sql, id: string): Promise<ExceptionRow | null> {
  const rows: ExceptionRow[] = await em.query(`SELECT * FROM exceptions WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
