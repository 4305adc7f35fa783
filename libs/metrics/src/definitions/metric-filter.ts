import type { DurationStats } from '@app/contracts';
import { MetricPeriod } from './period.util';

export interface MetricFilter extends MetricPeriod {
  queue?: string;
  country?: string;
  /** Restricts exception figures to the exceptions this reviewer resolved (a reviewer's own view). */
  reviewerId?: string;
}

export type { DurationStats };

export const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);
export const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Durations are reported to the millisecond (float arithmetic in percentile_cont leaves noise below that). */
export const ms = (v: number | null | undefined): number | null =>
  v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000;

export const durationStats = (
  count: number,
  mean: number | null,
  p50: number | null,
  p90: number | null,
  p95: number | null,
): DurationStats => ({ count, mean: ms(mean), p50: ms(p50), p90: ms(p90), p95: ms(p95) });
