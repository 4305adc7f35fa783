import Decimal from 'decimal.js';
import { computePriority, PRIORITY_SCALE, prioritySql, type PriorityInput, type PriorityRule } from './priority';

/** The formula with decimal.js's exact log10 for every amount (computePriority before its float fast path). */
function exactPriority(input: PriorityInput, rule: PriorityRule, now: Date): number {
  const { factorMax, amountPointsPerDecade, dueHorizonDays, ageFullDays } = PRIORITY_SCALE;
  const clamp = (x: number) => Math.min(Math.max(x, 0), factorMax);
  const amount = input.amount ? Decimal.max(new Decimal(input.amount).abs(), 0) : new Decimal(0);
  const amountScore = clamp(Decimal.log10(amount.plus(1)).toNumber() * amountPointsPerDecade);
  let dueScore = 0;
  if (input.dueDate) {
    const days = (Date.parse(`${input.dueDate}T00:00:00Z`) - now.getTime()) / 86_400_000;
    dueScore = clamp(((dueHorizonDays - days) / dueHorizonDays) * factorMax);
  }
  const ageScore = clamp(((now.getTime() - input.enteredAt.getTime()) / 86_400_000 / ageFullDays) * factorMax);
  const score =
    (rule.amountWeight ?? 0) * amountScore + (rule.dueDateWeight ?? 0) * dueScore + (rule.ageWeight ?? 0) * ageScore;
  return Math.floor(score * 100 + 0.5) / 100;
}

const rule = { amountWeight: 1, dueDateWeight: 1, ageWeight: 1 };
const now = new Date('2026-11-25T10:00:00Z');

describe('priority', () => {
  it('serves larger amounts first', () => {
    const small = computePriority({ amount: '100.00', dueDate: null, enteredAt: now }, rule, now);
    const large = computePriority({ amount: '250000.00', dueDate: null, enteredAt: now }, rule, now);
    expect(large).toBeGreaterThan(small);
  });

  it('serves invoices due sooner first, overdue ones at the maximum', () => {
    const far = computePriority({ amount: null, dueDate: '2027-02-01', enteredAt: now }, rule, now);
    const soon = computePriority({ amount: null, dueDate: '2026-11-27', enteredAt: now }, rule, now);
    const overdue = computePriority({ amount: null, dueDate: '2026-11-01', enteredAt: now }, rule, now);
    expect(far).toBe(0);
    expect(soon).toBeGreaterThan(far);
    expect(overdue).toBe(10);
  });

  it('ages items and respects the weights', () => {
    const old = computePriority(
      { amount: null, dueDate: null, enteredAt: new Date('2026-11-20T10:00:00Z') },
      rule,
      now,
    );
    expect(old).toBe(5);
    expect(
      computePriority(
        { amount: null, dueDate: null, enteredAt: new Date('2026-11-20T10:00:00Z') },
        { ...rule, ageWeight: 0 },
        now,
      ),
    ).toBe(0);
  });

  it('rounds half up to cents and treats a missing weight as 0', () => {
    // 3 h 36 min in the queue = 0.15 days: 0.15 × 10 / 10 = 0.15 (float 0.15000000000000002) → 0.15
    const entered = new Date(now.getTime() - 0.15 * 86_400_000);
    expect(computePriority({ amount: null, dueDate: null, enteredAt: entered }, rule, now)).toBe(0.15);
    // 0.125 days → 0.125 → half up to 0.13
    const eighth = new Date(now.getTime() - 0.125 * 86_400_000);
    expect(computePriority({ amount: null, dueDate: null, enteredAt: eighth }, rule, now)).toBe(0.13);
    expect(
      computePriority({ amount: '250000.00', dueDate: null, enteredAt: eighth }, { ageWeight: 1 } as never, now),
    ).toBe(0.13);
  });

  it('scores every amount exactly as the exact decimal log10 does, half-cent boundaries included', () => {
    // A seeded generator: the same cases on every run.
    let seed = 20261201;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const cases: [PriorityInput, PriorityRule][] = [];
    const rules = [
      rule,
      { amountWeight: 1, dueDateWeight: 0, ageWeight: 0 },
      { amountWeight: 3, dueDateWeight: 0.5, ageWeight: 2 },
    ];
    for (let i = 0; i < 20_000; i++) {
      const amount = (next() < 0.5 ? next() * 1000 : 10 ** (next() * 12)).toFixed(2);
      const entered = new Date(now.getTime() - Math.floor(next() * 20 * 86_400_000));
      const due =
        next() < 0.5 ? null : new Date(now.getTime() + (next() - 0.3) * 60 * 86_400_000).toISOString().slice(0, 10);
      cases.push([{ amount: next() < 0.1 ? `-${amount}` : amount, dueDate: due, enteredAt: entered }, rules[i % 3]]);
    }
    // Amounts whose score lies next to a half cent: log10(a + 1) × 10/7 × 100 = k + 0.5, a to the cent.
    for (let k = 0; k < 1000; k++) {
      const a = new Decimal(10).pow(new Decimal(k).plus(0.5).div(100).times(0.7)).minus(1);
      for (const d of [-0.01, 0, 0.01])
        cases.push([
          { amount: a.plus(d).toDecimalPlaces(2).abs().toFixed(2), dueDate: null, enteredAt: now },
          rules[1],
        ]);
    }
    const differ = cases.filter(([input, r]) => computePriority(input, r, now) !== exactPriority(input, r, now));
    expect(differ.slice(0, 3)).toEqual([]);
    expect(cases.length).toBe(23_000);
  });

  it('refuses an amount that is not a number, as before', () => {
    expect(() => computePriority({ amount: 'abc', dueDate: null, enteredAt: now }, rule, now)).toThrow();
  });

  it('builds its SQL twin from the same scale', () => {
    const sql = prioritySql({ amount: 'a', dueDate: 'd', enteredAt: 'e', rule: 'r', now: 'n' });
    expect(sql).toContain(`${PRIORITY_SCALE.amountPointsPerDecade}::float8`);
    expect(sql).toContain(`${PRIORITY_SCALE.dueHorizonDays}::float8`);
    expect(sql).toContain(`${PRIORITY_SCALE.ageFullDays}::float8`);
    expect(sql).toMatch(/^round\(/);
  });
});
