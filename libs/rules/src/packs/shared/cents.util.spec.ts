import { addCents, toCents } from './cents.util';

describe('addCents: a running cent sum that stays exact or says it cannot', () => {
  const MAX = Number.MAX_SAFE_INTEGER; // 2^53 - 1

  it('adds plain amounts exactly', () => {
    expect(addCents(0, toCents('0.10'))).toBe(10);
    expect(addCents(addCents(10, toCents('0.20')), toCents('-0.05'))).toBe(25);
  });

  it('is null once a term is not a plain amount, and stays null', () => {
    expect(addCents(100, toCents('1.005'))).toBeNull();
    expect(addCents(null, 5)).toBeNull();
  });

  it('is null when the sum leaves the safe-integer range (where a float sum would round), not before', () => {
    expect(addCents(MAX - 1, 1)).toBe(MAX);
    expect(addCents(MAX, 1)).toBeNull(); // 2^53 is not a safe integer
    expect(addCents(-MAX, -1)).toBeNull();
    // The largest plain amount (11 integer digits) added to a sum near the bound: refused, not rounded.
    const big = toCents('99999999999.99')!;
    expect(addCents(MAX - big + 1, big)).toBeNull();
    expect(addCents(MAX - big, big)).toBe(MAX);
  });

  it('keeps a sum of many terms on the integer path, beyond the 900 terms the old cap allowed', () => {
    const line = toCents('12345.67')!;
    let s: number | null = 0;
    for (let i = 0; i < 10_000; i++) s = addCents(s, line);
    expect(s).toBe(12_345_670_000); // 1,234,567 cents × 10,000
    // ... and leaves it only where the exact sum would not be a safe integer: 1,000 of the largest amounts.
    const big = toCents('99999999999.99')!;
    let t: number | null = 0;
    for (let i = 0; i < 1_000 && t !== null; i++) t = addCents(t, big);
    expect(t).toBeNull();
  });
});
