import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Peak resident set size of a child process so far (VmHWM, MB); NaN once it has gone. */
export function peakRssMb(p: ChildProcess): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
