import type { DayForecast } from '@app/triage';

/** Durations in seconds. */
export interface DurationStats {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

export interface MetricsPeriod {
  from: string;
  to: string;
}

/** A day of the arrivals-vs-throughput chart. */
export interface SeriesPoint {
  day: string;
  received: number | null;
  opened: number | null;
  resolved: number;
}

/** GET /v1/metrics/summary. `scope: 'self'`: a reviewer's own figures (no invoice counts, no pipeline). */
export interface MetricsSummary {
  period: MetricsPeriod;
  filters: { queue: string | null; country: string | null };
  scope: 'all' | 'self';
  received: number | null;
  validated: number | null;
  touchless: number | null;
  touchlessRate: number | null;
  exceptionsOpened: number | null;
  exceptionsResolved: number;
  resolutionTime: DurationStats;
  waitTime: DurationStats;
  handleTime: DurationStats;
  percentileMethod: 'exact' | 'histogram';
  slaAttainment: number | null;
  throughput: { perHour: number; perDay: number };
  series: SeriesPoint[];
  rolledThrough: string | null;
  /** Managers: whether the pipeline moves right now (not a period figure). */
  pipeline?: { unvalidated: number; oldestUnvalidatedSeconds: number; failed: number };
}

export interface ReviewerMetrics {
  reviewerId: string;
  name: string;
  availability: string;
  timeZone: string;
  countries: string[];
  open: number;
  capacity: number;
  utilisation: number | null;
  resolvedToday: number;
  resolvedThisWeek: number;
  resolvedInPeriod: number;
  medianHandleSeconds: number | null;
  weeklyGoal: number;
  goalProgress: number | null;
}

/** GET /v1/metrics/reviewers. */
export interface ReviewerMetricsResponse {
  period: MetricsPeriod;
  reviewers: ReviewerMetrics[];
}

export type AgeingBucket = 'under1h' | 'h1to4' | 'h4to24' | 'd1to3' | 'd3to7' | 'over7d';

export interface QueueMetrics {
  key: string;
  name: string;
  country: string | null;
  slaMinutes: number;
  backlog: number;
  unassigned: number;
  oldestAgeSeconds: number | null;
  ageing: Record<AgeingBucket, number>;
  atRisk: number;
  breached: number;
  slaPaused: number;
  arrivals: number;
  resolved: number;
  arrivalRatePerHour: number;
  serviceRatePerHour: number;
  slaAttainment: number | null;
}

/** GET /v1/metrics/queues. */
export interface QueueMetricsResponse {
  period: MetricsPeriod;
  queues: QueueMetrics[];
}

export interface RootCauseRow {
  key: string;
  label: string;
  validated: number;
  affected: number;
  exceptions: number;
  rate: number | null;
}

/** GET /v1/metrics/root-causes. */
export interface RootCausesResponse {
  by: 'supplier' | 'country' | 'rule';
  period: MetricsPeriod;
  totalValidated: number;
  items: RootCauseRow[];
}

/** What a supplier's exceptions cost (money as decimal strings). */
export interface SupplierCostRow {
  supplierId: string;
  name: string;
  countryCode: string;
  invoices: number;
  invoicesWithExceptions: number;
  exceptions: number;
  /** invoicesWithExceptions / invoices, 4 decimals (decimal string). */
  exceptionRate: string;
  elapsedHours: string;
  handleHours: string;
  handlingCost: string;
  lateInvoices: number;
  latePaymentRisk: string;
  totalCost: string;
  currency: 'EUR';
}

/** GET /v1/metrics/suppliers/cost. */
export interface SupplierCostResponse {
  period: MetricsPeriod;
  items: SupplierCostRow[];
}

/** A day of a queue's staffing forecast (the forecast model's own type). */
export type { DayForecast } from '@app/triage';

/** GET /v1/forecast. */
export interface ForecastResponse {
  generatedAt: string;
  days: number;
  queues: {
    queueKey: string;
    backlog: number;
    handleMinutes: number;
    surgeSince: string | null;
    days: DayForecast[];
  }[];
  lastWeek: { days: { day: string; predicted: number; actual: number }[]; wape: number | null };
}

/** POST /v1/forecast/what-if. */
export interface WhatIfForecastResponse {
  generatedAt: string;
  days: number;
  queues: { queueKey: string; baseline: DayForecast[]; whatIf: DayForecast[] }[];
}
