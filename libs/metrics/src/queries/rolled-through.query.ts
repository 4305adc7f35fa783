import { Queryable } from '../sql/sql-params';

/** The last UTC day the daily roll-ups hold, or null before the first refresh. */
export async function readRolledThrough(db: Queryable): Promise<string | null> {
  const [row] = await db.query(
    `SELECT to_char(rolled_through, 'YYYY-MM-DD') AS d FROM metric_rollup_state WHERE name = 'daily'`,
  );
  return row?.d ?? null;
}
