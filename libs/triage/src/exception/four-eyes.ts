import Decimal from 'decimal.js';

export interface FourEyesPolicy {
  key: string;
  fourEyes: boolean;
  fourEyesAmountThreshold: string | null;
}

/** Changes of bank account always need two people, whatever the queue settings say. */
export const ALWAYS_FOUR_EYES_QUEUES = new Set(['supplier.bank-account']);

/**
 * Whether approving this item needs a second, different reviewer: the queue demands it, it is a bank
 * account change, or the amount is above the queue's threshold (compared in the invoice currency).
 */
export function requiresFourEyes(queue: FourEyesPolicy, amount: string | null): boolean {
  if (queue.fourEyes || ALWAYS_FOUR_EYES_QUEUES.has(queue.key)) return true;
  if (!queue.fourEyesAmountThreshold || !amount) return false;
  return new Decimal(amount).abs().gt(queue.fourEyesAmountThreshold);
}
