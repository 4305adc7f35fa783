import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs a process as production starts one (a heap cap on the command line), lets it call
 * keepHeapCapOnMainThread or not, then starts a worker thread with a 512 MB resourceLimit and prints
 * both heap limits.
 */
function limits(callIt: boolean): { main: number; thread: number } {
  const script = `
    const { Worker } = require('node:worker_threads');
    const { getHeapStatistics } = require('node:v8');
    ${callIt ? `require(${JSON.stringify(join(__dirname, 'thread-heap.ts'))}).keepHeapCapOnMainThread();` : ''}
    const w = new Worker("require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit)",
      { eval: true, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    w.on('message', (t) => { console.log(JSON.stringify({ main: getHeapStatistics().heap_size_limit / 1048576, thread: t / 1048576 })); process.exit(0); });
  `;
  const out = execFileSync(process.execPath, ['--max-old-space-size=96', '-r', '@swc-node/register', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('keepHeapCapOnMainThread', () => {
  it('keeps the command-line heap cap on the main thread and gives a thread the limit its pool sets', () => {
    const kept = limits(true);
    expect(kept.main).toBeLessThan(200); // 96 MB old space + the young generation
    expect(kept.thread).toBeGreaterThanOrEqual(512);
  });

  it('without it, the command-line cap overrides the thread limit (why it exists)', () => {
    const plain = limits(false);
    expect(plain.thread).toBeLessThan(200);
  });
});
