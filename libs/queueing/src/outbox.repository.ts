/** Anything with a `query` method (DataSource, EntityManager). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any[]>;
}

/** An undispatched 'invoice.received' record with the invoice's runs so far (the next job is run + 1). */
export interface PendingOutboxRecord {
  id: string;
  aggregate_id: string;
  validation_runs: number;
}

/** The undispatched 'invoice.received' records of these invoices. */
export function readUndispatchedOf(db: Queryable, invoiceIds: string[]): Promise<PendingOutboxRecord[]> {
  return db.query(
    `SELECT o.id, o.aggregate_id, i.validation_runs FROM outbox o JOIN invoices i ON i.id = o.aggregate_id
       WHERE o.aggregate_id = ANY($1::uuid[]) AND o.dispatched_at IS NULL AND o.topic = 'invoice.received'`,
    [invoiceIds],
  );
}

/** Marks the 'invoice.received' records of these invoices dispatched (one UPDATE on outbox_aggregate_idx). */
export async function markReceivedDispatched(db: Queryable, invoiceIds: string[]): Promise<void> {
  await db.query(
    `UPDATE outbox SET dispatched_at = now() WHERE aggregate_id = ANY($1::uuid[]) AND dispatched_at IS NULL AND topic = 'invoice.received'`,
    [invoiceIds],
  );
}

/** Records older than `olderThanSeconds` never dispatched, oldest first, at most `limit`. */
export function readUndispatchedOlderThan(
  db: Queryable,
  olderThanSeconds: number,
  limit: number,
): Promise<PendingOutboxRecord[]> {
  return db.query(
    `SELECT o.id, o.aggregate_id, i.validation_runs FROM outbox o JOIN invoices i ON i.id = o.aggregate_id
       WHERE o.dispatched_at IS NULL AND o.created_at < now() - make_interval(secs => $1) ORDER BY o.id LIMIT $2`,
    [olderThanSeconds, limit],
  );
}

export async function markDispatched(db: Queryable, recordIds: string[]): Promise<void> {
  await db.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [recordIds]);
}
