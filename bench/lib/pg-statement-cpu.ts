/**
 * PostgreSQL's CPU by statement, for a server without pg_stat_statements loaded (it needs a restart to
 * load; this one does not): `log_statement_stats` makes every backend log the user and system CPU of each
 * statement it runs (for the extended protocol, of each parse, bind and execute message) with the
 * statement's text. `StatementCpuLog.start` turns it on for new connections to the bench's database (the
 * API and worker the bench starts afterwards), `offset` marks a window in the server log, `read` ranks the
 * statements of a window by CPU and `stop` turns it off again; the bench calls it with
 * BENCH_PG_STATEMENT_CPU=<server log file>. The server log's lines must begin `%m [%p]` (Debian's
 * log_line_prefix) and the bench must be able to read the file.
 *
 * Ranking a log slice by hand: node scripts/demo-data/ts-run.mjs bench/pg-statement-cpu.ts <log> [from byte] [to byte]
 */
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import type { DataSource } from 'typeorm';

export interface StatementCpu {
  /** The statement's text, white space squeezed, cut to 100 characters. */
  text: string;
  /** Executions (simple query or execute messages; a parse or bind adds CPU, not an execution). */
  executions: number;
  cpuSeconds: number;
}

const ENTRY = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\][^\n]*?\b(LOG|DETAIL|STATEMENT):  /;
const USAGE = /([\d.]+) s user, ([\d.]+) s system/;

/**
 * The statements of a server log slice by CPU, most first. Each backend logs `... STATISTICS`, then the
 * usage (DETAIL), then the statement (STATEMENT); entries of several backends may interleave, so they are
 * paired by process id.
 */
export function statementCpuFromLog(log: string, top = 15): { totalCpuSeconds: number; statements: StatementCpu[] } {
  const byText = new Map<string, StatementCpu>();
  const pending = new Map<string, { cpu: number; execution: boolean }>();
  const kindOf = new Map<string, boolean>();
  let total = 0;
  // An entry starts at a line with the prefix; its continuation lines start with a tab.
  for (const entry of log.split(/\n(?=\d{4}-\d\d-\d\d )/)) {
    const m = ENTRY.exec(entry);
    if (!m) continue;
    const [head, pid, kind] = m;
    const body = entry.slice(head.length);
    if (kind === 'LOG') {
      if (/^(QUERY|EXECUTE MESSAGE|PARSE MESSAGE|BIND MESSAGE) STATISTICS/.test(body))
        kindOf.set(pid, /^(QUERY|EXECUTE MESSAGE)/.test(body));
    } else if (kind === 'DETAIL' && body.startsWith('! system usage stats:')) {
      const u = USAGE.exec(body);
      if (u && kindOf.has(pid)) pending.set(pid, { cpu: Number(u[1]) + Number(u[2]), execution: kindOf.get(pid)! });
      kindOf.delete(pid);
    } else if (kind === 'STATEMENT') {
      const p = pending.get(pid);
      if (!p) continue;
      pending.delete(pid);
      const text = body.replace(/\s+/g, ' ').trim().slice(0, 100);
      const s = byText.get(text) ?? { text, executions: 0, cpuSeconds: 0 };
      s.cpuSeconds += p.cpu;
      if (p.execution) s.executions++;
      byText.set(text, s);
      total += p.cpu;
    }
  }
  const statements = [...byText.values()].sort((a, b) => b.cpuSeconds - a.cpuSeconds).slice(0, top);
  return { totalCpuSeconds: total, statements };
}

/** Bytes [from, to) of a file, as text. */
export function slice(path: string, from: number, to: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.max(0, to - from));
    let at = 0;
    while (at < buf.length) {
      const n = readSync(fd, buf, at, buf.length - at, from + at);
      if (!n) break;
      at += n;
    }
    return buf.subarray(0, at).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const alterDatabase = (ds: DataSource, setting: string) =>
  ds.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I ${setting}', current_database()); END $$`);

export class StatementCpuLog {
  private constructor(
    private readonly ds: DataSource,
    private readonly path: string,
  ) {}

  /** Turns per-statement CPU logging on for connections opened from now on (needs a superuser). */
  static async start(ds: DataSource, path: string): Promise<StatementCpuLog> {
    accessSync(path, constants.R_OK); // refuse before changing anything if the log cannot be read
    await alterDatabase(ds, 'SET log_statement_stats = on');
    return new StatementCpuLog(ds, path);
  }

  /** Where the server log ends now. */
  offset(): number {
    return statSync(this.path).size;
  }

  read(from: number, to: number, top = 15) {
    return statementCpuFromLog(slice(this.path, from, to), top);
  }

  async stop(): Promise<void> {
    await alterDatabase(this.ds, 'RESET log_statement_stats');
  }
}
