/** Anything with a `query` method (DataSource, EntityManager). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any[]>;
}

export interface WorkerHeartbeat {
  workerId: string;
  hostname: string;
  pid: number;
  heartbeatAgeSeconds: number;
  eventLoopLagSeconds: number;
  eventLoopLagMaxSeconds: number;
  jobsCompleted: number;
  lastJobCompletedAt: string | null;
  lastJobQueue: string | null;
}

export interface PipelineState {
  /** Invoices accepted but without a verdict yet (received or validating). */
  unvalidated: number;
  /** Age of the oldest of them, 0 when there is none. */
  oldestUnvalidatedSeconds: number;
  failed: number;
  failuresTotal: { stage: string; n: number }[];
}

/** How the pipeline is doing, read from PostgreSQL (partial indexes keep these reads small). */
export async function readPipelineState(db: Queryable): Promise<PipelineState> {
  const [[row], failures] = await Promise.all([
    db.query(`SELECT (SELECT count(*) FROM invoices WHERE status IN ('received','validating'))::int AS unvalidated,
        coalesce((SELECT extract(epoch FROM now() - min(received_at)) FROM invoices WHERE status IN ('received','validating')), 0)::float8 AS oldest,
        (SELECT count(*) FROM invoices WHERE status = 'failed')::int AS failed`),
    db.query(`SELECT stage, count(*)::int AS n FROM pipeline_failures GROUP BY stage ORDER BY stage`),
  ]);
  return {
    unvalidated: row.unvalidated,
    oldestUnvalidatedSeconds: Number(row.oldest),
    failed: row.failed,
    failuresTotal: failures,
  };
}

/** Heartbeats of the worker processes seen in the last hour. */
export async function readWorkerHeartbeats(db: Queryable): Promise<WorkerHeartbeat[]> {
  const rows = await db.query(
    `SELECT worker_id, hostname, pid, extract(epoch FROM now() - beat_at)::float8 AS age, event_loop_lag_seconds, event_loop_lag_max_seconds,
            jobs_completed::float8 AS jobs_completed, last_job_completed_at, last_job_queue
     FROM worker_heartbeats WHERE beat_at > now() - interval '1 hour' ORDER BY worker_id`,
  );
  return rows.map((r) => ({
    workerId: r.worker_id,
    hostname: r.hostname,
    pid: r.pid,
    heartbeatAgeSeconds: Number(r.age),
    eventLoopLagSeconds: Number(r.event_loop_lag_seconds),
    eventLoopLagMaxSeconds: Number(r.event_loop_lag_max_seconds),
    jobsCompleted: Number(r.jobs_completed),
    lastJobCompletedAt: r.last_job_completed_at ? new Date(r.last_job_completed_at).toISOString() : null,
    lastJobQueue: r.last_job_queue,
  }));
}

export interface HeartbeatInput {
  workerId: string;
  hostname: string;
  pid: number;
  startedAt: Date;
  eventLoopLagSeconds: number;
  eventLoopLagMaxSeconds: number;
  jobsCompleted: number;
  lastJobCompletedAt: Date | null;
  lastJobQueue: string | null;
}

/** One upsert per beat; rows of workers gone for a day are dropped on the way. */
export async function writeWorkerHeartbeat(db: Queryable, h: HeartbeatInput): Promise<void> {
  await db.query(
    `WITH gone AS (DELETE FROM worker_heartbeats WHERE beat_at < now() - interval '1 day')
     INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, beat_at, event_loop_lag_seconds, event_loop_lag_max_seconds,
       jobs_completed, last_job_completed_at, last_job_queue)
     VALUES ($1,$2,$3,$4, now(), $5,$6,$7,$8,$9)
     ON CONFLICT (worker_id) DO UPDATE SET beat_at = now(), event_loop_lag_seconds = $5, event_loop_lag_max_seconds = $6, jobs_completed = $7,
       last_job_completed_at = $8, last_job_queue = $9`,
    [
      h.workerId,
      h.hostname,
      h.pid,
      h.startedAt,
      h.eventLoopLagSeconds,
      h.eventLoopLagMaxSeconds,
      h.jobsCompleted,
      h.lastJobCompletedAt,
      h.lastJobQueue,
    ],
  );
}
