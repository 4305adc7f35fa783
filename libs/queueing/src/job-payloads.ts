import { QueueName } from './queue-names';

/** Jobs carry ids only; PostgreSQL holds the facts. */
export interface JobPayloads {
  [QueueName.InvoiceValidate]: { invoiceId: string; run: number };
  [QueueName.ExceptionRoute]: {
    exceptionId?: string;
    queueKey?: string;
    reason: string;
    reviewerId?: string;
    excludeReviewerId?: string;
  };
  [QueueName.ExceptionTimers]: {
    exceptionId: string;
    kind: 'sla-warning' | 'sla-breach' | 'claim-timeout';
    dueAt: string;
  };
  [QueueName.Maintenance]: { task: 'reconcile' | 'rollup' | 'release-abandoned' | 'outbox-relay' | 'tables' };
  [QueueName.AdminRevalidate]: RevalidatePayload;
}

/** An admin's request to run the rules again on open invoices (after a rule pack or settings change). */
export interface RevalidatePayload {
  requestedBy: string;
  reason: string | null;
  filters: { status: 'in_review'[]; country: string | null; receivedFrom: string | null; receivedTo: string | null };
  /** At most this many invoices per request (oldest first). */
  limit: number;
}

/** Deterministic job ids: the same fact always maps to the same id, so enqueueing twice is harmless. */
export const jobIds = {
  validate: (invoiceId: string, run: number) => `validate-${invoiceId}-${run}`,
  route: (exceptionId: string, version: number | string) => `route-${exceptionId}-${version}`,
  timer: (exceptionId: string, kind: string, dueAt: Date | string) =>
    `timer-${exceptionId}-${kind}-${new Date(dueAt).getTime()}`,
};
