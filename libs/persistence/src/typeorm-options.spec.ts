import { spawnSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from './typeorm-options';

/**
 * The pool keeps the connections a burst opened. With pg-pool's default (an idle connection is closed
 * after 10 s), a reviewer burst or an intake spike every few seconds paid for new backends, and each new
 * backend planned the claim routine and the intake statements again: review/next at 200 claims/s had a
 * p99 of 650-1,090 ms with stalls 9-10 s after each burst (bench claims part), 12.5 ms with the pool kept.
 */
describe('typeOrmOptions: pooled connections', () => {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let ds: DataSource;

  beforeAll(async () => {
    ds = new DataSource(typeOrmOptions({ url, schema: 'public', poolSize: 6 }));
    await ds.initialize();
  });
  afterAll(() => ds.destroy());

  const backends = async (n: number): Promise<Set<number>> => {
    const rows = await Promise.all(
      Array.from({ length: n }, () =>
        ds.query<{ pid: number }[]>(`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`).then(([r]) => r.pid),
      ),
    );
    return new Set(rows);
  };

  it('serves a burst after 11 s of quiet from the backends the previous burst opened', async () => {
    const first = await backends(6);
    expect(first.size).toBe(6);
    await new Promise((r) => setTimeout(r, 11_000));
    const again = await backends(6);
    expect([...again].filter((pid) => first.has(pid))).toHaveLength(6);
  }, 30_000);

  it('does not keep a finished script alive for its idle connections', () => {
    const { extra } = typeOrmOptions({ url, schema: 'public', poolSize: 2 }) as { extra: Record<string, unknown> };
    const script = `const { Pool } = require('pg');
      const pool = new Pool({ connectionString: process.argv[1], ...JSON.parse(process.argv[2]) });
      pool.query('SELECT 1').then(() => console.log('queried'));`;
    const started = Date.now();
    const run = spawnSync(process.execPath, ['-e', script, url, JSON.stringify(extra)], {
      encoding: 'utf8',
      timeout: 8_000,
    });
    expect(run.stdout).toContain('queried');
    expect(run.signal).toBeNull(); // not killed by the timeout: it ended on its own
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 15_000);
});
