import type { DefaultJobOptions } from 'bullmq';

/** Central defaults: bounded retention, retries with exponential backoff. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50000 },
};

/** BullMQ forbids ':' in custom ids and we want a Redis-Cluster-friendly prefix. */
export function queuePrefix(prefix: string): string {
  return `{${prefix}}`;
}
