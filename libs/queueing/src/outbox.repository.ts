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

/**
 * Deletes dispatched records created more than `olderThanSeconds` ago among the `batch` oldest records (the
 * head of the key, which is their order of creation): nothing reads a record once it is dispatched, and kept
 * forever they would grow the table and its indexes with every invoice (~150 MB a million), which each
 * vacuum then scans. Pending records are never deleted (the relay still owes them a job). `more`: the whole
 * head was past retention, so another batch may find more.
 */
export async function pruneDispatched(
  db: Queryable,
  olderThanSeconds: number,
  batch: number,
): Promise<{ deleted: number; more: boolean }> {
  const [row] = await db.query(
    `WITH head AS MATERIALIZED (SELECT id, created_at, dispatched_at FROM outbox ORDER BY id LIMIT $2),
          gone AS (DELETE FROM outbox o
                    WHERE o.id = ANY (ARRAY(SELECT h.id FROM head h
                                             WHERE h.dispatched_at IS NOT NULL AND h.created_at < now() - make_interval(secs => $1)))
                    RETURNING o.id)
     SELECT (SELECT count(*) FROM gone)::int AS deleted,
            (SELECT count(*) = $2 AND bool_and(created_at < now() - make_interval(secs => $1)) FROM head) AS more`,
    [olderThanSeconds, batch],
  );
  return { deleted: row.deleted, more: row.deleted > 0 && row.more === true };
}
