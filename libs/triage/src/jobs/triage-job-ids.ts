/**
 * Deterministic ids of triage jobs on the `exception.route` queue: the same fact enqueued twice is
 * one job. Reasons that carry an exception id route that item; the others are housekeeping.
 */
export const triageJobIds = {
  route: (exceptionId: string, version: number | string) => `route-${exceptionId}-${version}`,
  /** Fill a reviewer with waiting work; `cause` names the fact (resolution id, availability change). */
  fill: (reviewerId: string, cause: string) => `fill-${reviewerId}-${cause}`,
};

export const ROUTE_REASONS = {
  opened: 'opened',
  released: 'released',
  timedOut: 'timed-out',
  secondApproval: 'second-approval',
  reopened: 'reopened',
  fill: 'fill',
  reconcile: 'reconcile',
  releaseAbandoned: 'release-abandoned',
  slaReplanned: 'sla-replanned',
} as const;
