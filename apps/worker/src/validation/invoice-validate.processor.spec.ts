import { DelayedError } from 'bullmq';
import type { EnvironmentVariables } from '@app/config';
import type { CatalogueJob, QueueName } from '@app/queueing';
import { InvoiceValidateProcessor } from './invoice-validate.processor';
import type { InvoiceValidationService, ValidationOutcome } from './invoice-validation.service';

type ValidateJob = CatalogueJob<typeof QueueName.InvoiceValidate>;

/**
 * A validation service that records concurrency and fails the invoices it is told to. With `holdUntil`,
 * the runs in validation stay there until that many are at once (or 2 s have passed), so that a spec of
 * how many may run together does not depend on how fast this machine gets to the next one.
 */
function service(failing: Set<string>, documentBytes = 10_000, holdUntil = 0) {
  const seen = { running: 0, peak: 0, calls: [] as string[], heldAtCall: [] as number[] };
  let open: () => void = () => undefined;
  const gate = holdUntil
    ? new Promise<void>((r) => {
        open = r;
        setTimeout(r, 2000).unref();
      })
    : Promise.resolve();
  const svc = {
    async validate(invoiceId: string, _run: number, loaded: (bytes: number) => void): Promise<ValidationOutcome> {
      seen.calls.push(invoiceId);
      seen.heldAtCall.push(seen.running);
      await new Promise((r) => setImmediate(r)); // the start loads the document
      loaded(documentBytes);
      seen.running++;
      seen.peak = Math.max(seen.peak, seen.running);
      if (seen.running >= holdUntil) open();
      await gate;
      await new Promise((r) => setTimeout(r, 5));
      seen.running--;
      if (failing.has(invoiceId)) throw new Error(`database hiccup on ${invoiceId}`);
      return { invoiceId, status: 'ready', findings: 0, blocking: 0, exceptionIds: [] };
    },
  };
  return { seen, svc: svc as unknown as InvoiceValidationService };
}

const group = (ids: string[]) =>
  ({ name: 'validate-group', data: { runs: ids.map((invoiceId) => ({ invoiceId, run: 1 })) } }) as ValidateJob;
const cfg = { WORKER_CONCURRENCY: 4, VALIDATION_INFLIGHT_MB: 48 } as EnvironmentVariables;

describe('InvoiceValidateProcessor, group jobs', () => {
  it('runs every invoice of a group and answers how many reached each status', async () => {
    const { seen, svc } = service(new Set());
    const out = await new InvoiceValidateProcessor(cfg, svc).process(group(['a', 'b', 'c']));
    expect(out).toEqual({ ready: 3 });
    expect(seen.calls.sort()).toEqual(['a', 'b', 'c']);
  });

  it('lets a failing run fail alone: the others still run, then the job fails naming the count', async () => {
    const { seen, svc } = service(new Set(['b']));
    await expect(new InvoiceValidateProcessor(cfg, svc).process(group(['a', 'b', 'c', 'd']))).rejects.toThrow(
      /^1 of 4 run\(s\) of the group failed and will be retried; first: database hiccup on b$/,
    );
    expect(seen.calls.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('holds at most WORKER_CONCURRENCY invoices in validation across concurrent jobs, singles included', async () => {
    const { seen, svc } = service(new Set());
    const p = new InvoiceValidateProcessor(cfg, svc);
    const ids = (k: number) => Array.from({ length: 10 }, (_, i) => `${k}-${i}`);
    await Promise.all([
      p.process(group(ids(1))),
      p.process(group(ids(2))),
      p.process({ name: 'validate', data: { invoiceId: 'single', run: 2 } } as ValidateJob),
    ]);
    expect(seen.calls).toHaveLength(21);
    expect(seen.peak).toBe(4);
  });

  it('holds big documents a few at a time: no run starts while those in validation hold VALIDATION_INFLIGHT_MB', async () => {
    const { seen, svc } = service(new Set(), 600 * 1024, 33);
    const p = new InvoiceValidateProcessor(
      { WORKER_CONCURRENCY: 96, VALIDATION_INFLIGHT_MB: 1 } as EnvironmentVariables,
      svc,
    );
    await p.process(group(Array.from({ length: 40 }, (_, i) => `r${i}`)));
    expect(seen.calls).toHaveLength(40);
    // A start group's worth (32) starts before any size is known; the first document loaded (600 KiB,
    // under the budget) lets one more start; from the second on (1.2 MiB) the others wait until less than
    // 1 MiB is held, i.e. at most one document.
    expect(seen.heldAtCall.slice(0, 32).every((h) => h === 0)).toBe(true);
    expect(Math.max(...seen.heldAtCall.slice(32))).toBeLessThanOrEqual(1);
    expect(seen.peak).toBe(33);
  });

  it('on shutdown starts no more runs: the ones in validation finish, the job goes back to wait for the next worker', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls: string[] = [];
    const svc = {
      async validate(invoiceId: string): Promise<ValidationOutcome> {
        calls.push(invoiceId);
        await gate;
        return { invoiceId, status: 'ready', findings: 0, blocking: 0, exceptionIds: [] };
      },
    } as unknown as InvoiceValidationService;
    const p = new InvoiceValidateProcessor(
      { WORKER_CONCURRENCY: 2, VALIDATION_INFLIGHT_MB: 48 } as EnvironmentVariables,
      svc,
    );
    const moved: number[] = [];
    const job = {
      ...group(['a', 'b', 'c', 'd', 'e', 'f']),
      moveToDelayed: async (at: number, token: string) => {
        expect(token).toBe('lock-token');
        moved.push(at);
      },
    } as unknown as ValidateJob;
    const single = {
      name: 'validate',
      data: { invoiceId: 'g', run: 1 },
      moveToDelayed: async () => void moved.push(0),
    } as unknown as ValidateJob;
    const running = p.process(job, 'lock-token');
    const waiting = p.process(single, 'lock-token-2');
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['a', 'b']); // two in validation, the rest wait for a slot
    p.stopTakingRuns();
    release();
    await expect(running).rejects.toBeInstanceOf(DelayedError);
    await expect(waiting).rejects.toBeInstanceOf(DelayedError);
    expect(calls).toEqual(['a', 'b']);
    expect(moved).toHaveLength(2);
  });
});
