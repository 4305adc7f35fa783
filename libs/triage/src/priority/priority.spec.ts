import { computePriority, PRIORITY_SCALE, prioritySql } from './priority';

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

  it('builds its SQL twin from the same scale', () => {
    const sql = prioritySql({ amount: 'a', dueDate: 'd', enteredAt: 'e', rule: 'r', now: 'n' });
    expect(sql).toContain(`${PRIORITY_SCALE.amountPointsPerDecade}::float8`);
    expect(sql).toContain(`${PRIORITY_SCALE.dueHorizonDays}::float8`);
    expect(sql).toContain(`${PRIORITY_SCALE.ageFullDays}::float8`);
    expect(sql).toMatch(/^round\(/);
  });
});
