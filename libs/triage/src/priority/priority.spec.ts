import { computePriority } from './priority';

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
    const old = computePriority({ amount: null, dueDate: null, enteredAt: new Date('2026-11-20T10:00:00Z') }, rule, now);
    expect(old).toBe(5);
    expect(computePriority({ amount: null, dueDate: null, enteredAt: new Date('2026-11-20T10:00:00Z') }, { ...rule, ageWeight: 0 }, now)).toBe(0);
  });
});
