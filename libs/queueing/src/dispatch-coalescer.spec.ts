import { DispatchCoalescer } from './dispatch-coalescer';

describe('DispatchCoalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `inv-${from + i}`);

  it('hands on full groups at once and the rest after the linger, in the order added', async () => {
    const sent: string[][] = [];
    const c = new DispatchCoalescer(async (g) => void sent.push(g), 4, 50);
    c.add(ids(0, 3));
    expect(sent).toEqual([]);
    c.add(ids(3, 6)); // 9 waiting: two groups of 4 go, one waits
    expect(sent).toEqual([ids(0, 4), ids(4, 4)]);
    jest.advanceTimersByTime(49);
    expect(sent).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([ids(0, 4), ids(4, 4), ids(8, 1)]);
  });

  it('counts the linger from the oldest id waiting, not the newest', () => {
    const sent: string[][] = [];
    const c = new DispatchCoalescer(async (g) => void sent.push(g), 32, 50);
    c.add(ids(0, 1));
    jest.advanceTimersByTime(30);
    c.add(ids(1, 2));
    jest.advanceTimersByTime(20);
    expect(sent).toEqual([ids(0, 3)]);
  });

  it('drain hands on what waits and waits for every hand-on; a failed one is left to reconciliation', async () => {
    jest.useRealTimers();
    let release!: () => void;
    const started: string[][] = [];
    const c = new DispatchCoalescer(
      (g) => {
        started.push(g);
        if (g[0] === 'inv-0') return Promise.reject(new Error('redis down'));
        return new Promise<void>((r) => (release = r));
      },
      2,
      10_000,
    );
    c.add(ids(0, 2)); // fails
    c.add(ids(2, 1)); // waits for the linger
    let drained = false;
    const d = c.drain().then(() => (drained = true));
    expect(started).toEqual([ids(0, 2), ids(2, 1)]);
    await new Promise((r) => setTimeout(r, 5));
    expect(drained).toBe(false);
    release();
    await d;
    expect(drained).toBe(true);
  });
});
