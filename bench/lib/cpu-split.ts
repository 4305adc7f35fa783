import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';

/** Clock ticks per second of /proc/<pid>/stat's times. */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, all threads) a process has used so far, in ms; 0 once it is gone. */
export function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // The command name (field 2) may hold spaces: the times are counted from after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}

export interface CpuSnapshot {
  api: number;
  worker: number;
  /** Backends of this database and the WAL writer, checkpointer and background writer. */
  postgres: number;
  redis: number;
}

/**
 * CPU used so far by the API, the worker, PostgreSQL (backends connected to the bench's database plus the
 * server's writers) and Redis. The difference of two snapshots is what a phase cost; a backend that ends
 * within the phase takes its share with it (connection pools keep theirs), so PostgreSQL's figure is a floor.
 */
export async function cpuSnapshot(ds: DataSource, api?: number, worker?: number): Promise<CpuSnapshot> {
  const pids: { pid: number }[] = await ds.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`,
  );
  let redis = 0;
  try {
    for (const p of execFileSync('pgrep', ['-x', 'redis-server']).toString().trim().split('\n'))
      redis += processCpuMs(Number(p));
  } catch {
    // no local redis-server process (a remote Redis): not counted
  }
  return {
    api: processCpuMs(api),
    worker: processCpuMs(worker),
    postgres: pids.reduce((n, r) => n + processCpuMs(r.pid), 0),
    redis,
  };
}

/** What a phase cost per invoice, in ms of CPU per process, as table text. */
export function cpuPerInvoice(before: CpuSnapshot, after: CpuSnapshot, invoices: number): string {
  const per = (k: keyof CpuSnapshot) => (after[k] - before[k]) / invoices;
  const total = per('api') + per('worker') + per('postgres') + per('redis');
  return `API ${per('api').toFixed(1)} + worker ${per('worker').toFixed(1)} + PostgreSQL ${per('postgres').toFixed(1)} + Redis ${per('redis').toFixed(1)} = ${total.toFixed(1)} ms`;
}
