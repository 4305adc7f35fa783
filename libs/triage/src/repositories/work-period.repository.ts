import { Sql } from './exception.repository';

/** Starts the time a reviewer holds an item (handle time is the sum of these periods). */
export async function openWorkPeriod(em: Sql, exceptionId: string, reviewerId: string, at: Date): Promise<void> {
  await em.query(`INSERT INTO exception_work_periods (exception_id, reviewer_id, started_at) VALUES ($1,$2,$3)`, [
    exceptionId,
    reviewerId,
    at,
  ]);
}

/** Ends every open period of an item; returns the seconds they add to its handle time. */
export async function closeWorkPeriods(em: Sql, exceptionId: string, at: Date): Promise<number> {
  const [rows] = await em.query(
    `UPDATE exception_work_periods SET ended_at = GREATEST($2::timestamptz, started_at) WHERE exception_id = $1 AND ended_at IS NULL
     RETURNING EXTRACT(EPOCH FROM (ended_at - started_at))::float8 AS seconds`,
    [exceptionId, at],
  );
  return (rows as { seconds: number }[]).reduce((s, r) => s + Number(r.seconds), 0);
}
