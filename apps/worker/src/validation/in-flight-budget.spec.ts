import { InFlightBudget } from './in-flight-budget';

/** A run the test controls: it reports its document's size and ends when told. */
function controlled(budget: InFlightBudget, log: string[], name: string) {
  let load!: (bytes: number) => void;
  let end!: () => void;
  const started = new Promise<void>((s) => {
    void budget.run(
      (loaded) =>
        new Promise<void>((done) => {
          log.push(name);
          load = loaded;
          end = done;
          s();
        }),
    );
  });
  return { started, load: (b: number) => load(b), end: () => end() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('InFlightBudget', () => {
  it('admits at most maxRuns runs, in arrival order', async () => {
    const b = new InFlightBudget(3, 10, 1_000_000);
    const log: string[] = [];
    const runs = ['a', 'b', 'c', 'd', 'e'].map((n) => controlled(b, log, n));
    await tick();
    expect(log).toEqual(['a', 'b', 'c']);
    runs.slice(0, 3).forEach((r) => r.load(10));
    await tick();
    expect(log).toEqual(['a', 'b', 'c']);
    runs[1].end();
    await tick();
    expect(log).toEqual(['a', 'b', 'c', 'd']);
    expect(b.state).toMatchObject({ running: 3, waiting: 1 });
  });

  it('admits at most maxStarting runs whose size is not known yet', async () => {
    const b = new InFlightBudget(100, 2, 1_000_000);
    const log: string[] = [];
    const runs = ['a', 'b', 'c', 'd'].map((n) => controlled(b, log, n));
    await tick();
    expect(log).toEqual(['a', 'b']);
    runs[0].load(100);
    await tick();
    expect(log).toEqual(['a', 'b', 'c']);
    expect(b.state).toEqual({ running: 3, starting: 2, bytes: 100, waiting: 1 });
  });

  it('stops admitting once the loaded documents reach maxBytes, and admits again as they end', async () => {
    const b = new InFlightBudget(100, 100, 1_000);
    const log: string[] = [];
    const runs = ['a', 'b', 'c'].map((n) => controlled(b, log, n));
    await tick();
    expect(log).toEqual(['a', 'b', 'c']);
    runs[0].load(600);
    runs[1].load(500); // 1,100 bytes held: over the budget
    runs[2].load(1);
    const later = ['d', 'e'].map((n) => controlled(b, log, n));
    await tick();
    expect(log).toEqual(['a', 'b', 'c']);
    runs[1].end(); // 601 held
    await tick();
    expect(log).toEqual(['a', 'b', 'c', 'd', 'e']);
    later.forEach((r) => r.load(0));
    expect(b.state).toEqual({ running: 4, starting: 0, bytes: 601, waiting: 0 });
  });

  it('validates a document larger than the whole budget alone rather than never', async () => {
    const b = new InFlightBudget(100, 100, 1_000);
    const log: string[] = [];
    const big = controlled(b, log, 'big');
    await tick();
    big.load(50_000);
    const next = controlled(b, log, 'next');
    await tick();
    expect(log).toEqual(['big']);
    big.end();
    await next.started;
    expect(log).toEqual(['big', 'next']);
  });

  it('frees the slot and the bytes of a run that fails, and of one that never reported its size', async () => {
    const b = new InFlightBudget(1, 1, 1_000);
    await expect(
      b.run(async (loaded) => {
        loaded(5_000);
        throw new Error('rules failed');
      }),
    ).rejects.toThrow('rules failed');
    await expect(b.run(async () => 'no size')).resolves.toBe('no size');
    expect(b.state).toEqual({ running: 0, starting: 0, bytes: 0, waiting: 0 });
  });

  it('counts a size reported twice once', async () => {
    const b = new InFlightBudget(10, 10, 1_000);
    await b.run(async (loaded) => {
      loaded(300);
      loaded(300);
      expect(b.state.bytes).toBe(300);
    });
    expect(b.state.bytes).toBe(0);
  });
});
