/** An audit event as a history view reads it, with the actor's display name. */
export interface AuditHistoryRow {
  id: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  reason: string | null;
  data: Record<string, any> | null;
  occurred_at: Date;
  actor_name: string | null;
}
