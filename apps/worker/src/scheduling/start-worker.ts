import type { Worker } from 'bullmq';

/**
 * Processors whose concurrency comes from the validated config are declared with `autorun: false` and
 * started here once the config is known. A worker started with the default concurrency of 1 would take
 * one job and wait for it to finish before it looked at the concurrency again: one big invoice would
 * hold every small one behind it.
 */
export function startWorker(worker: Worker, concurrency: number): void {
  worker.concurrency = concurrency;
  if (!worker.isRunning()) worker.run().catch((err: unknown) => worker.emit('error', err as Error));
}
