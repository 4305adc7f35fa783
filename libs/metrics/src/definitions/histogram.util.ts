import { DURATION_BUCKET_RATIO } from './metric-definitions';

/** SQL expression of the histogram bucket of a duration in seconds: 0 = [0,1), b ≥ 1 = [r^(b-1), r^b). */
export function bucketSql(secondsExpr: string, ratio = DURATION_BUCKET_RATIO): string {
  return `(CASE WHEN ${secondsExpr} < 1 THEN 0 ELSE floor(ln(${secondsExpr}) / ln(${ratio}))::int + 1 END)`;
}

export function bucketBounds(bucket: number, ratio = DURATION_BUCKET_RATIO): [number, number] {
  return bucket <= 0 ? [0, 1] : [ratio ** (bucket - 1), ratio ** bucket];
}

/** The JS twin of bucketSql (used by tests and the demo generator). */
export function bucketOf(seconds: number, ratio = DURATION_BUCKET_RATIO): number {
  return seconds < 1 ? 0 : Math.floor(Math.log(seconds) / Math.log(ratio)) + 1;
}

/**
 * Percentile (percentile_cont semantics: position p·(N−1) between sorted values) read from a merged
 * histogram, assuming the values of a bucket are spread evenly across it.
 */
export function percentileFromHistogram(
  counts: Map<number, number>,
  p: number,
  ratio = DURATION_BUCKET_RATIO,
): number | null {
  const buckets = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  if (!total) return null;
  const valueAt = (index: number): number => {
    let before = 0;
    for (const [b, n] of buckets) {
      if (index < before + n) {
        const [lo, hi] = bucketBounds(b, ratio);
        return lo + ((hi - lo) * (index - before + 0.5)) / n;
      }
      before += n;
    }
    return bucketBounds(buckets[buckets.length - 1][0], ratio)[1];
  };
  const h = p * (total - 1);
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const vlo = valueAt(lo);
  return lo === hi ? vlo : vlo + (valueAt(hi) - vlo) * (h - lo);
}
