import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './run-options';

/** Starts `entry` (a TypeScript entry point, or a bundle made by ts-run with TS_RUN_BUNDLE_TO when it ends in .cjs). */
export function startChild(
  name: string,
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildProcess> {
  const args = entry.endsWith('.cjs') ? [entry] : [join(ROOT, 'scripts/demo-data/ts-run.mjs'), join(ROOT, entry)];
  const p = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`${name} did not start: ${out.slice(-2000)}`)), 120_000);
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        res(p);
      }
    });
    p.stderr!.on('data', (d: Buffer) => {
      out = (out + d.toString()).slice(-20_000);
    });
    p.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`${name} exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

export function kill(p: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode) return Promise.resolve();
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill(signal);
  return exited;
}
