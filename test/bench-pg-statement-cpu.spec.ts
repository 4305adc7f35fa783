import { statementCpuFromLog } from '../bench/lib/pg-statement-cpu';

/** Lines as PostgreSQL 15 writes them with log_statement_stats = on and Debian's log_line_prefix '%m [%p] %q%u@%d '. */
const usage = (ts: string, pid: number, kind: string, user: string, system: string, statement: string) => [
  `2026-12-03 ${ts} UTC [${pid}] postgres@test LOG:  ${kind} STATISTICS`,
  `2026-12-03 ${ts} UTC [${pid}] postgres@test DETAIL:  ! system usage stats:`,
  `\t!\t${user} s user, ${system} s system, 0.002047 s elapsed`,
  `\t!\t[0.004818 s user, 0.000000 s system total]`,
  `\t!\t15380 kB max resident size`,
  `2026-12-03 ${ts} UTC [${pid}] postgres@test STATEMENT:  ${statement}`,
];

describe('statementCpuFromLog (bench: PostgreSQL CPU by statement)', () => {
  it('sums user and system CPU per statement text, counts executions only, and ranks by CPU', () => {
    const insert = 'INSERT INTO invoices (id)\n\t   SELECT unnest($1::uuid[])';
    const log = [
      ...usage('09:45:39.001', 10, 'PARSE MESSAGE', '0.000100', '0.000000', insert),
      ...usage('09:45:39.002', 10, 'BIND MESSAGE', '0.000200', '0.000000', insert),
      ...usage('09:45:39.003', 10, 'EXECUTE MESSAGE', '0.002000', '0.001000', insert),
      ...usage('09:45:39.004', 11, 'QUERY', '0.000500', '0.000000', 'COMMIT'),
      ...usage('09:45:39.005', 10, 'EXECUTE MESSAGE', '0.001000', '0.000000', insert),
      `2026-12-03 09:45:39.006 UTC [12] postgres@test LOG:  checkpoint starting: time`,
    ].join('\n');
    const r = statementCpuFromLog(log);
    expect(r.statements).toEqual([
      {
        text: 'INSERT INTO invoices (id) SELECT unnest($1::uuid[])',
        executions: 2,
        cpuSeconds: expect.closeTo(0.0043, 9),
      },
      { text: 'COMMIT', executions: 1, cpuSeconds: expect.closeTo(0.0005, 9) },
    ]);
    expect(r.totalCpuSeconds).toBeCloseTo(0.0048, 9);
  });

  it('pairs the usage and the statement of each backend when backends interleave', () => {
    const a = usage('09:45:40.000', 20, 'QUERY', '0.010000', '0.000000', 'SELECT a');
    const b = usage('09:45:40.000', 21, 'QUERY', '0.001000', '0.000000', 'SELECT b');
    // 20's statistics and usage, then 21's whole entry, then 20's statement.
    const log = [...a.slice(0, 5), ...b, a[5]].join('\n');
    const r = statementCpuFromLog(log);
    expect(r.statements.map((s) => [s.text, s.cpuSeconds])).toEqual([
      ['SELECT a', 0.01],
      ['SELECT b', 0.001],
    ]);
  });

  it('keeps the most costly `top` statements and ignores a statement logged without usage (an error)', () => {
    const log = [
      ...usage('09:45:41.000', 30, 'QUERY', '0.003000', '0', 'SELECT 3'),
      ...usage('09:45:41.000', 30, 'QUERY', '0.001000', '0', 'SELECT 1'),
      ...usage('09:45:41.000', 30, 'QUERY', '0.002000', '0', 'SELECT 2'),
      `2026-12-03 09:45:41.001 UTC [30] postgres@test ERROR:  relation "x" does not exist`,
      `2026-12-03 09:45:41.001 UTC [30] postgres@test STATEMENT:  SELECT * FROM x`,
    ].join('\n');
    const r = statementCpuFromLog(log, 2);
    expect(r.statements.map((s) => s.text)).toEqual(['SELECT 3', 'SELECT 2']);
    expect(r.totalCpuSeconds).toBeCloseTo(0.006, 9);
  });
});
