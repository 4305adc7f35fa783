/**
 * The shared vocabulary of the metrics: bucket layouts and the written definitions the README,
 * the API and the dashboard agree on. Durations are in seconds; days are UTC days.
 */

/** Ratio between consecutive duration-histogram bucket bounds: a percentile read from the roll-up is within 10% of the exact one. */
export const DURATION_BUCKET_RATIO = 1.1;

/** Above this many values in a period, percentiles come from the histogram roll-up instead of percentile_cont over raw rows. */
export const DEFAULT_EXACT_PERCENTILE_LIMIT = 2_000;

export const PERCENTILES = [0.5, 0.9, 0.95] as const;

/** Upper bounds (seconds) of the Prometheus histogram of validation duration (intake → verdict). */
export const VALIDATION_LE_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800] as const;

/** Backlog ageing buckets by age of the unresolved exception (now − created_at). */
export const AGEING_BUCKETS = [
  { key: 'under1h', maxSeconds: 3600 },
  { key: 'h1to4', maxSeconds: 4 * 3600 },
  { key: 'h4to24', maxSeconds: 24 * 3600 },
  { key: 'd1to3', maxSeconds: 3 * 86400 },
  { key: 'd3to7', maxSeconds: 7 * 86400 },
  { key: 'over7d', maxSeconds: Number.POSITIVE_INFINITY },
] as const;
export type AgeingBucketKey = (typeof AGEING_BUCKETS)[number]['key'];

export type DurationMeasure = 'resolution' | 'wait' | 'handle';
export const DURATION_MEASURES: DurationMeasure[] = ['resolution', 'wait', 'handle'];

/** An exception still in someone's backlog (superseded ones were replaced by a later validation run). */
export const unresolvedSql = (alias = 'e') => `${alias}.resolved_at IS NULL AND ${alias}.status <> 'superseded'`;

/** Country placeholder for rows without a country; '*' stands for "all" in the histogram roll-up. */
export const NO_COUNTRY = '--';
export const ALL = '*';

export const METRIC_DEFINITIONS: Record<string, string> = {
  received: 'Invoices whose received_at falls in the period (filtered by buyer country).',
  touchlessRate:
    'Of the invoices validated in the period (validated_at in the period), the share for which validation opened no exception.',
  exceptionsOpened: 'Exceptions whose created_at falls in the period.',
  exceptionsResolved: 'Exceptions whose resolved_at falls in the period.',
  resolutionTime: 'resolved_at − created_at of each exception resolved in the period.',
  waitTime: 'first_claimed_at − created_at of each exception first claimed in the period.',
  handleTime:
    'Sum of the claimed periods (exception_work_periods, an open period counted up to resolved_at) of each exception resolved in the period.',
  throughput: 'Exceptions resolved in the period ÷ the length of the period in hours (perHour) or days (perDay).',
  slaAttainment:
    'Of the exceptions resolved in the period that had an SLA due time, the share resolved at or before it. Paused time (waiting for the supplier or the buyer) is excluded by definition: a resume moves the due time by the business time paused.',
  ageing: 'Unresolved exceptions by age now − created_at: <1 h, 1–4 h, 4–24 h, 1–3 d, 3–7 d, > 7 d.',
  arrivalRate: 'Exceptions opened in the queue in the period ÷ period hours.',
  serviceRate: 'Exceptions resolved in the queue in the period ÷ period hours.',
  atRisk:
    'Unresolved exceptions past their SLA warning point (warned, or older than warn share × SLA) but not yet due.',
  breached:
    'Unresolved exceptions past their SLA due time (a paused item is neither at risk nor breached while paused).',
  slaPaused: 'Unresolved exceptions whose SLA clock is paused now (waiting for the supplier or the buyer).',
  exceptionRate:
    'Of the invoices validated in the period (by supplier / buyer country), the share with at least one exception; by rule: the share with a blocking finding of that rule.',
  utilisation: 'Open items assigned to the reviewer ÷ the reviewer capacity.',
  goalProgress:
    'Exceptions the reviewer resolved since Monday 00:00 in the reviewer time zone ÷ the personal weekly goal.',
};
