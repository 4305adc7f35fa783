import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readPipelineState, readWorkerHeartbeats } from '@app/queueing';
import { family } from './exposition.util';

/**
 * Whether the pipeline moves, read fresh at each scrape (small indexed reads): what waits for
 * validation and for how long, what failed, and each worker's event-loop lag and last completed job
 * (the workers have no HTTP port; they write a heartbeat row every few seconds).
 */
@Injectable()
export class PipelineMetricsCollector {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async exposition(): Promise<string> {
    const [state, workers] = await Promise.all([readPipelineState(this.ds), readWorkerHeartbeats(this.ds)]);
    const w = (pick: (h: (typeof workers)[number]) => number) =>
      workers.map((h) => ({ labels: { worker: h.workerId }, value: pick(h) }));
    return (
      [
        family(
          'triage_invoices_unvalidated',
          'gauge',
          'Invoices accepted and not yet validated (received or validating)',
          [{ value: state.unvalidated }],
        ),
        family(
          'triage_invoice_unvalidated_oldest_age_seconds',
          'gauge',
          'Age of the oldest invoice waiting for validation (0 when none)',
          [{ value: state.oldestUnvalidatedSeconds }],
        ),
        family('triage_invoices_failed', 'gauge', 'Invoices the pipeline gave up on, waiting for an admin retry', [
          { value: state.failed },
        ]),
        family(
          'triage_pipeline_failures_total',
          'counter',
          'Times an invoice was moved to failed, by stage',
          state.failuresTotal.map((f) => ({ labels: { stage: f.stage }, value: f.n })),
        ),
        family(
          'triage_worker_event_loop_lag_seconds',
          'gauge',
          'Mean event-loop delay of a worker process over its last heartbeat interval',
          w((h) => h.eventLoopLagSeconds),
        ),
        family(
          'triage_worker_event_loop_lag_max_seconds',
          'gauge',
          'Longest event-loop delay of a worker process over its last heartbeat interval',
          w((h) => h.eventLoopLagMaxSeconds),
        ),
        family(
          'triage_worker_heartbeat_age_seconds',
          'gauge',
          'Seconds since a worker process last wrote its heartbeat (grows when it is stuck or gone)',
          w((h) => h.heartbeatAgeSeconds),
        ),
        family(
          'triage_worker_jobs_completed_total',
          'counter',
          'Jobs a worker process completed since it started',
          w((h) => h.jobsCompleted),
        ),
        family(
          'triage_worker_last_job_completed_timestamp_seconds',
          'gauge',
          'When a worker process last completed a job (Unix time; 0 when none yet)',
          w((h) => (h.lastJobCompletedAt ? Date.parse(h.lastJobCompletedAt) / 1000 : 0)),
        ),
      ].join('\n') + '\n'
    );
  }
}
