import { ByteBudget } from './byte-budget';

describe('ByteBudget (intake admission)', () => {
  it('admits while the bytes fit, then makes the next wait until enough is given back', async () => {
    const b = new ByteBudget(100);
    const a = await b.acquire(60, 0);
    const c = await b.acquire(40, 0);
    expect(a && c).toBeTruthy();
    expect(b.used).toBe(100);
    expect(await b.acquire(1, 0)).toBeNull(); // no wait allowed: refused at once
    const waiting = b.acquire(50, 1000);
    expect(b.queued).toBe(1);
    c!.release();
    c!.release(); // idempotent: the second release gives nothing back twice
    expect(b.used).toBe(60);
    expect(b.queued).toBe(1); // 60 + 50 > 100: still waiting
    a!.release();
    const d = await waiting;
    expect(d).not.toBeNull();
    expect(b.used).toBe(50);
  });

  it('serves in arrival order: a big request at the head is not overtaken by small ones', async () => {
    const b = new ByteBudget(100);
    const first = await b.acquire(90, 0);
    const order: string[] = [];
    const big = b.acquire(80, 1000).then((l) => (order.push('big'), l));
    const small = b.acquire(5, 1000).then((l) => (order.push('small'), l));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]); // 5 would fit beside 90, but the big one came first
    first!.release();
    const [bl, sl] = await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
    expect(b.used).toBe(85);
    bl!.release();
    sl!.release();
    expect(b.used).toBe(0);
  });

  it('admits a request bigger than the whole budget alone, and answers null when the wait runs out', async () => {
    const b = new ByteBudget(100);
    const huge = await b.acquire(500, 0);
    expect(huge).not.toBeNull();
    const t0 = Date.now();
    expect(await b.acquire(1, 50)).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(b.queued).toBe(0);
    huge!.release();
    expect(await b.acquire(100, 0)).not.toBeNull();
  });

  it('a waiter that timed out at the head lets the ones behind it in', async () => {
    const b = new ByteBudget(100);
    const held = await b.acquire(60, 0);
    const big = b.acquire(80, 30); // cannot fit while 60 is held
    const small = b.acquire(30, 1000); // fits beside 60, but waits behind the big one
    expect(await big).toBeNull();
    expect(await small).not.toBeNull();
    expect(b.used).toBe(90);
    held!.release();
  });
});
