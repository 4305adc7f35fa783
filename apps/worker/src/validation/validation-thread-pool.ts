import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { runValidateInvoiceTask, type ValidateInvoiceResult, type ValidateInvoiceTask } from './validate-invoice.task';

/** The rules ran longer than VALIDATION_TIME_BUDGET_MS: the thread was stopped; retrying would only burn the same time. */
export class ValidationBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`validation exceeded its time budget of ${budgetMs} ms`);
  }
}

/**
 * Runs the rules in worker threads (piscina) so that one huge invoice never holds the worker's event
 * loop: other jobs, lock renewals and heartbeats go on while it is validated. The time budget starts
 * when the thread starts the task (it stamps the time into shared memory), so waiting behind a big
 * invoice or a thread's start-up never counts against a small one; over budget, piscina terminates
 * the thread. A small semaphore in front of the pool keeps tasks in this process's memory, not
 * piscina's queue, until a thread is free. A small document (VALIDATION_INLINE_MAX_CHARS) is validated
 * in place instead: its rules take about half a millisecond, less than its trip to a thread and back.
 *
 * The compiled build loads `validate-invoice.task.js` beside this file. From TypeScript sources (the dev
 * runner `node -r @swc-node/register`, jest) the task and the pure libraries it imports are bundled
 * once per process with esbuild (already a dev dependency for the web pages) into a temporary .js:
 * a thread then starts in a fraction of a second instead of compiling every file again.
 */
@Injectable()
export class ValidationThreadPool implements OnApplicationShutdown {
  private readonly pool: Piscina;
  /** From TypeScript sources: one bundled .js of the task for every thread of this process. */
  private readonly bundle: string | null;
  private readonly size: number;
  private running = 0;
  /** How many documents were validated in place, without a thread (tests and metrics). */
  inline = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables) {
    this.size = cfg.VALIDATION_THREADS;
    const compiled = join(__dirname, 'validate-invoice.task.js');
    this.bundle = existsSync(compiled) ? null : bundleTaskFromSource();
    this.pool = new Piscina({
      filename: this.bundle ?? compiled,
      minThreads: this.size, // started with the worker, not on the first invoice
      maxThreads: this.size,
      idleTimeout: 5 * 60_000,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: cfg.VALIDATION_THREAD_MEMORY_MB },
    });
  }

  async run(
    task: Omit<ValidateInvoiceTask, 'startedAt'>,
    budgetMs = this.cfg.VALIDATION_TIME_BUDGET_MS,
  ): Promise<ValidateInvoiceResult> {
    const chars = task.canonicalJson.length + (task.raw?.length ?? 0) + (task.syntaxFindingsJson?.length ?? 0);
    if (chars <= this.cfg.VALIDATION_INLINE_MAX_CHARS) {
      this.inline++;
      return runValidateInvoiceTask(task);
    }
    await this.acquire();
    // The thread stamps when it starts the task: thread start-up and module loading do not count against the budget.
    const startedAt = new SharedArrayBuffer(8);
    const stamp = new BigInt64Array(startedAt);
    const abort = new AbortController();
    const watch = setInterval(
      () => {
        const t = Atomics.load(stamp, 0);
        if (t && Date.now() - Number(t) > budgetMs) abort.abort();
      },
      Math.min(50, budgetMs),
    );
    try {
      return (await this.pool.run({ ...task, startedAt }, { signal: abort.signal })) as ValidateInvoiceResult;
    } catch (err) {
      if (abort.signal.aborted) throw new ValidationBudgetExceeded(budgetMs);
      throw err;
    } finally {
      clearInterval(watch);
      this.release();
    }
  }

  /** After the BullMQ workers closed (their module shuts down first): active validations have finished. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
    if (this.bundle) rmSync(this.bundle, { force: true });
  }

  private acquire(): Promise<void> {
    if (this.running < this.size) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next)
      next(); // the slot passes straight to the next task
    else this.running--;
  }
}

function bundleTaskFromSource(): string {
  // Beside this file when running from sources; from the working directory when this file is itself part
  // of a bundle (scripts/demo-data/ts-run.mjs bundles an entry point into node_modules/.cache).
  const source = [
    join(__dirname, 'validate-invoice.task.ts'),
    resolve(process.cwd(), 'apps/worker/src/validation/validate-invoice.task.ts'),
  ].find((f) => existsSync(f));
  if (!source)
    throw new Error(
      'validate-invoice.task: neither the compiled .js beside the worker nor its TypeScript source was found',
    );
  const esbuild = require('esbuild') as typeof import('esbuild');
  const outfile = join(tmpdir(), `triage-validate-task-${process.pid}-${randomBytes(4).toString('hex')}.js`);
  esbuild.buildSync({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: resolve(dirname(source), '..', '..', '..', '..', 'tsconfig.json'),
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
