import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/**
 * A heap cap given on the command line (`--max-old-space-size`, see `start:prod:*` in package.json) is
 * a V8 flag, and V8 applies its flags to every isolate the process creates afterwards: the worker
 * threads too, overriding their own `resourceLimits` (INTAKE_PARSE_THREAD_MEMORY_MB,
 * VALIDATION_THREAD_MEMORY_MB). The main thread's heap is sized when the process starts, so clearing the
 * flag at boot keeps the cap on the main thread and gives each thread the limit its pool configures.
 * Returns the main thread's heap limit in MB (for the start-up log).
 */
export function keepHeapCapOnMainThread(): number {
  setFlagsFromString('--max-old-space-size=0');
  return Math.round(getHeapStatistics().heap_size_limit / 1048576);
}
