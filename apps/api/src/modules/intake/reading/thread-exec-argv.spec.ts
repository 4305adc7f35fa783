import { Worker } from 'node:worker_threads';
import { threadExecArgv } from './thread-exec-argv';

const runs = (execArgv: string[]) =>
  new Promise<string>((resolve, reject) => {
    const w = new Worker(`require('node:worker_threads').parentPort.postMessage(process.execArgv.join(' '))`, {
      eval: true,
      execArgv,
    });
    w.once('message', (m: string) => void w.terminate().then(() => resolve(m)));
    w.once('error', reject);
  });

describe('threadExecArgv', () => {
  const argv = ['--max-old-space-size=160', '--max-semi-space-size', '16', '-r', 'some-hook', '--enable-source-maps'];

  it('a worker thread refuses the V8 options an operator starts the process with', () => {
    expect(() => new Worker('0', { eval: true, execArgv: ['--max-old-space-size=160'] })).toThrow(
      expect.objectContaining({ code: 'ERR_WORKER_INVALID_EXEC_ARGV' }),
    );
  });

  it('keeps the module hooks and source maps, drops the rest, and a thread starts with what is kept', async () => {
    expect(threadExecArgv(argv)).toEqual(['-r', 'some-hook', '--enable-source-maps']);
    expect(threadExecArgv(['--require=a', '--import', 'b', '--title', 'api'])).toEqual([
      '--require=a',
      '--import',
      'b',
    ]);
    expect(await runs(threadExecArgv(['--max-old-space-size=160', '--enable-source-maps']))).toBe(
      '--enable-source-maps',
    );
  });
});
