import { createHash } from 'node:crypto';
import type { Job } from 'bullmq';
import { QueueName } from './queue-names';

/**
 * Every job the product runs, by queue and job name, with its payload. Jobs carry ids only; PostgreSQL
 * holds the facts. Producers name the job (`producer.add(queue, name, data, ...)`) and processors switch
 * on `job.name` exhaustively, so a new kind of job is a compile error until every side handles it.
 */
export interface JobCatalogue {
  [QueueName.InvoiceValidate]: {
    validate: ValidationRun;
    /** The runs of one intake group (a batch's slice, concurrent single POSTs): one job, their verdicts stored together. */
    'validate-group': { runs: ValidationRun[] };
  };
  [QueueName.ExceptionRoute]: {
    route: RouteJobData;
    /** The items one group of verdicts opened, routed together. */
    'route-group': { exceptionIds: string[]; reason: RouteReason };
  };
  [QueueName.ReviewerFill]: { fill: { reviewerId: string } };
  [QueueName.ExceptionTimers]: {
    'sla-warning': TimerJobData;
    'sla-breach': TimerJobData;
    'claim-timeout': TimerJobData;
  };
  [QueueName.TriageHousekeeping]: {
    reconcile: Record<string, never>;
    'release-abandoned': Record<string, never>;
    rescore: { queueKey?: string };
  };
  [QueueName.Maintenance]: {
    reconcile: Record<string, never>;
    rollup: Record<string, never>;
    tables: Record<string, never>;
    outbox: Record<string, never>;
  };
  [QueueName.AdminRevalidate]: { revalidate: RevalidatePayload };
  /** `series` counts manual re-deliveries (0 = the first). */
  [QueueName.WebhookDeliver]: { deliver: { deliveryId: string; series: number } };
}

/** One run of the rules over an invoice; `run` guards against applying a finished run twice. */
export interface ValidationRun {
  invoiceId: string;
  run: number;
}

/** Why an exception is (re-)routed: recorded with the routing decision. */
export const ROUTE_REASONS = {
  opened: 'opened',
  released: 'released',
  timedOut: 'timed-out',
  secondApproval: 'second-approval',
  reopened: 'reopened',
  reconcile: 'reconcile',
  /** A closing day or holiday moved the item's SLA times: its timers are planned again. */
  slaReplanned: 'sla-replanned',
} as const;
export type RouteReason = (typeof ROUTE_REASONS)[keyof typeof ROUTE_REASONS];

export interface RouteJobData {
  exceptionId: string;
  reason: RouteReason;
  /** The reviewer who just let the item go (released, timed out): not offered it again at once. */
  excludeReviewerId?: string;
}

export type TimerKind = keyof JobCatalogue[typeof QueueName.ExceptionTimers];
export interface TimerJobData {
  exceptionId: string;
  dueAt: string;
}

/** An admin's request to run the rules again on open invoices (after a rule pack or settings change). */
export interface RevalidatePayload {
  requestedBy: string;
  reason: string | null;
  filters: { status: 'in_review'[]; country: string | null; receivedFrom: string | null; receivedTo: string | null };
  /** At most this many invoices per request (oldest first). */
  limit: number;
}

export type JobName<Q extends QueueName> = keyof JobCatalogue[Q] & string;
export type JobData<Q extends QueueName, N extends JobName<Q>> = JobCatalogue[Q][N];

/** A job of queue Q as a processor sees it: a union discriminated by `name`. */
export type CatalogueJob<Q extends QueueName> = {
  [N in JobName<Q>]: Job<JobData<Q, N>, unknown, N>;
}[JobName<Q>];

/**
 * The runs a validation job names: its own for `validate`, its group's for `validate-group` (none when a
 * stored payload has no list, as a job written by hand might not).
 */
export function validationRunsOf(
  job: Pick<CatalogueJob<typeof QueueName.InvoiceValidate>, 'name' | 'data'>,
): ValidationRun[] {
  if (job.name !== 'validate-group') return [job.data as ValidationRun];
  const runs = (job.data as { runs?: unknown }).runs;
  return Array.isArray(runs) ? (runs as ValidationRun[]) : [];
}

/** Deterministic job ids: the same fact always maps to the same id, so enqueueing twice is harmless. */
export const jobIds = {
  validate: (invoiceId: string, run: number) => `validate-${invoiceId}-${run}`,
  /** A group is named by its runs: relaying the same group twice yields one job. */
  validateGroup: (runs: ValidationRun[]) =>
    `validate-group-${createHash('sha1')
      .update(runs.map((r) => `${r.invoiceId}:${r.run}`).join(','))
      .digest('hex')}`,
  route: (exceptionId: string, version: number | string) => `route-${exceptionId}-${version}`,
  /** A group of items opened together, named by its items and why. */
  routeGroup: (exceptionIds: string[], reason: RouteReason) =>
    `route-group-${reason}-${createHash('sha1').update(exceptionIds.join(',')).digest('hex')}`,
  /** `cause` names the fact (resolution id, availability change). */
  fill: (reviewerId: string, cause: string) => `fill-${reviewerId}-${cause}`,
  webhook: (deliveryId: string, series: number) => `webhook-${deliveryId}-${series}`,
  timer: (exceptionId: string, kind: TimerKind, dueAt: Date | string) =>
    `timer-${exceptionId}-${kind}-${new Date(dueAt).getTime()}`,
};

/**
 * The `default` branch of an exhaustive switch over job names. Call it with `job satisfies never` (a queue
 * with several job names: `job` is narrowed to never once every name is handled) or `job.name satisfies
 * never` (a queue with one job name), so an unhandled name does not compile. At run time (a job left in
 * Redis by an older release) it logs and completes the job: the facts are in PostgreSQL and reconciliation
 * re-enqueues whatever is still due.
 */
export function unknownJob(logger: { warn(m: string): void }, queue: QueueName, job: unknown): null {
  const what = typeof job === 'string' ? job : ((job as { name?: string; id?: string }) ?? {}).name;
  const id = typeof job === 'object' && job ? ` ${(job as { id?: string }).id ?? ''}` : '';
  logger.warn(`queue ${queue}: ignored job${id} with unknown name ${what ?? '?'}`);
  return null;
}
