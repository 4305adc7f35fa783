import Decimal from 'decimal.js';

/** Weights of a queue's priority rule (0 switches a factor off). */
export interface PriorityRule {
  amountWeight: number;
  dueDateWeight: number;
  ageWeight: number;
}

export interface PriorityInput {
  amount: string | null; // decimal string of the invoice payable amount
  dueDate: string | null; // invoice due date (YYYY-MM-DD)
  enteredAt: Date; // when the item entered the queue
}

/** Added to a breached item so it sorts above everything that is still within its SLA. */
export const BREACH_BOOST = 1000;

/**
 * A score where higher is served first. Each factor is scaled to about 0–10:
 * amount on a log scale (10 ≈ 10 million), due date proximity (10 = due today or overdue, 0 = 30+ days
 * away), age (10 = ten days in the queue). Ties are served oldest first by the claim query.
 */
export function computePriority(input: PriorityInput, rule: PriorityRule, now: Date): number {
  const amount = input.amount ? Decimal.max(new Decimal(input.amount).abs(), 0) : new Decimal(0);
  const amountScore = Math.min(Decimal.log10(amount.plus(1)).toNumber() * (10 / 7), 10);
  let dueScore = 0;
  if (input.dueDate) {
    const days = (Date.parse(`${input.dueDate}T00:00:00Z`) - now.getTime()) / 86_400_000;
    dueScore = Math.min(Math.max(((30 - days) / 30) * 10, 0), 10);
  }
  const ageScore = Math.min(Math.max((now.getTime() - input.enteredAt.getTime()) / 86_400_000, 0), 10);
  const score = rule.amountWeight * amountScore + rule.dueDateWeight * dueScore + rule.ageWeight * ageScore;
  return Math.round(score * 100) / 100;
}
