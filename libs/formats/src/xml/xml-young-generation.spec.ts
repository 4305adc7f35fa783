import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..', '..');

/**
 * V8 decides per array literal, from what it saw survive, whether to allocate that literal's arrays in
 * the old generation from then on (allocation-site pretenuring). An old array that lists a document's
 * elements keeps the whole tree alive (elements reach their parents) through every young-generation
 * collection until the next full one: measured on the official UBL examples, 17-30 % of everything
 * allocated survived each scavenge instead of under 1 %, and reading and validating took up to twice
 * as long in the processes where V8 had decided so. Checked in a plain Node process (jest's own heap
 * grows differently), with V8's own answer to "is this object young?".
 */
describe('a parsed document stays young garbage', () => {
  it('after a big invoice and seconds of hot reading, new documents list their elements in young arrays', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--allow-natives-syntax',
        join(root, 'scripts', 'demo-data', 'ts-run.mjs'),
        join(root, 'libs', 'formats', 'src', 'testing', 'young-generation.probe.ts'),
        '3000',
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    const result = JSON.parse(out.trim().split('\n').pop()!) as {
      probeWorks: boolean;
      rounds: number;
      lists: number;
      old: Record<string, number>;
    };
    expect(result.probeWorks).toBe(true);
    expect(result.rounds).toBeGreaterThan(10); // it did run hot
    expect(result.lists).toBeGreaterThan(1_000);
    expect(result.old).toEqual({});
  }, 90_000);
});
