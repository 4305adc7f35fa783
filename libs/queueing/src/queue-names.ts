/**
 * The one registry of BullMQ queues: one queue per kind of work. Names use {braces} in the prefix
 * (see job-options.ts) so every key of a queue hashes to one Redis Cluster slot.
 */
export const QueueName = {
  /** Run the rules on one invoice (one job per validation run). */
  InvoiceValidate: 'invoice.validate',
  /** Route one exception to a queue and, if someone fits, a reviewer. */
  ExceptionRoute: 'exception.route',
  /** Give one reviewer waiting work after a resolution or an availability change. */
  ReviewerFill: 'reviewer.fill',
  /** Delayed SLA and claim timers of one exception. */
  ExceptionTimers: 'exception.timers',
  /** Repeatable triage housekeeping: reconciliation, abandoned claims, priority re-scoring. */
  TriageHousekeeping: 'triage.housekeeping',
  /** Repeatable pipeline housekeeping: invoice reconciliation, metric roll-ups, table statistics. */
  Maintenance: 'maintenance',
  /** An admin's re-validation of open invoices, with progress. */
  AdminRevalidate: 'admin.revalidate',
  /** One delivery of a webhook event to one integration endpoint (retried with backoff). */
  WebhookDeliver: 'webhook.deliver',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
