/**
 * Ranks the statements of a PostgreSQL server log slice written with log_statement_stats = on by their CPU
 * (see bench/lib/pg-statement-cpu.ts; `npm run bench` writes such a slice with BENCH_PG_STATEMENT_CPU).
 *
 *   node scripts/demo-data/ts-run.mjs bench/pg-statement-cpu.ts <server log> [from byte] [to byte]
 */
import { statSync } from 'node:fs';
import { slice, statementCpuFromLog } from './lib/pg-statement-cpu';

const [path, from, to] = process.argv.slice(2);
if (!path) {
  console.error('usage: pg-statement-cpu.ts <server log> [from byte] [to byte]');
  process.exit(2);
}
const r = statementCpuFromLog(slice(path, Number(from ?? 0), Number(to ?? statSync(path).size)), 30);
console.log(`PostgreSQL CPU in statements: ${r.totalCpuSeconds.toFixed(2)} s`);
for (const s of r.statements)
  console.log(
    `${s.cpuSeconds.toFixed(2).padStart(8)} s ${String(s.executions).padStart(7)} × ${((s.cpuSeconds * 1e3) / Math.max(1, s.executions)).toFixed(3).padStart(8)} ms  ${s.text}`,
  );
