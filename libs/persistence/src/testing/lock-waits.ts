/** Anything with a `query` method (DataSource, EntityManager). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * How many backends of this database wait for a lock now: those whose statement matches `query` (a LIKE
 * pattern; pg_stat_activity shows only a statement's first kilobyte), and/or those `blockedBy` this backend.
 * Lets a spec hold a lock and see exactly who queued behind it.
 */
export async function lockWaiters(db: Queryable, o: { query?: string; blockedBy?: number }): Promise<number> {
  const [{ n }] = await db.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'
        AND ($1::text IS NULL OR query LIKE $1) AND ($2::int IS NULL OR $2 = ANY(pg_blocking_pids(pid)))`,
    [o.query ?? null, o.blockedBy ?? null],
  );
  return n;
}
