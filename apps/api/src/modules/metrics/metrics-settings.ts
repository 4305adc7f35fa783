import { DEFAULT_EXACT_PERCENTILE_LIMIT } from '@app/metrics';

/**
 * Above this many values, percentiles come from the histogram roll-up (METRICS_EXACT_PERCENTILE_LIMIT,
 * default 2000; 0 forces the roll-up path).
 */
export function exactPercentileLimit(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.METRICS_EXACT_PERCENTILE_LIMIT;
  if (raw === undefined || raw === '') return DEFAULT_EXACT_PERCENTILE_LIMIT;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0)
    throw new Error(`METRICS_EXACT_PERCENTILE_LIMIT must be a non-negative integer, got "${raw}"`);
  return v;
}
