/**
 * The one registry of BullMQ queues. Names use {braces} in the prefix (see queue-prefix.ts) so every
 * key of a queue hashes to one Redis Cluster slot.
 */
export const QueueName = {
  InvoiceValidate: 'invoice.validate',
  ExceptionRoute: 'exception.route',
  ExceptionTimers: 'exception.timers',
  Maintenance: 'maintenance',
  AdminRevalidate: 'admin.revalidate',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
