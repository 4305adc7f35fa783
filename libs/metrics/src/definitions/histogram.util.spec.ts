import { bucketBounds, bucketOf, percentileFromHistogram } from './histogram.util';

describe('duration histogram', () => {
  it('puts a value inside the bounds of its bucket', () => {
    for (const s of [0, 0.4, 1, 1.05, 59, 60, 3600, 86_400 * 3]) {
      const [lo, hi] = bucketBounds(bucketOf(s));
      expect(s).toBeGreaterThanOrEqual(lo);
      expect(s).toBeLessThan(hi);
    }
  });

  it('reads percentiles within the bucket width of the exact ones', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 60 + i * 37);
    const counts = new Map<number, number>();
    for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
    const exact = (p: number) => {
      const h = p * (values.length - 1);
      const lo = Math.floor(h);
      return values[lo] + (values[Math.ceil(h)] - values[lo]) * (h - lo);
    };
    for (const p of [0.5, 0.9, 0.95]) {
      const got = percentileFromHistogram(counts, p)!;
      expect(Math.abs(got - exact(p)) / exact(p)).toBeLessThan(0.1);
    }
    expect(percentileFromHistogram(new Map(), 0.5)).toBeNull();
  });
});
