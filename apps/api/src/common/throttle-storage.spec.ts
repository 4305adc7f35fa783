import { ThrottlerStorageService } from '@nestjs/throttler';
import { prng } from '@app/testing';
import { QueueThrottlerStorage } from './throttle-storage';

describe('QueueThrottlerStorage', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it("answers every request as @nestjs/throttler's own storage does: windows, blocks, block expiry, several limits, a clock that goes back", async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = prng(seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
      const theirs = new ThrottlerStorageService();
      const ours = new QueueThrottlerStorage();
      let now = Date.now();
      for (let i = 0; i < 4000; i++) {
        const r = rnd();
        now += r < 0.02 ? -Math.floor(rnd() * 3000) : Math.floor(rnd() * (r < 0.1 ? 5000 : 300));
        jest.setSystemTime(now);
        const args: [string, number, number, number, string] = [
          pick(['key:a', 'key:b', 'ip:1']),
          seed === 5 ? pick([1000, 3000]) : 2000,
          pick([3, 5, 8]),
          pick([0, 1500, 2000]),
          pick(['default', 'default', 'burst']),
        ];
        const expected = await theirs.increment(...args);
        const got = await ours.increment(...args);
        if (JSON.stringify(got) !== JSON.stringify(expected))
          throw new Error(
            `seed ${seed} request ${i} ${JSON.stringify(args)}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`,
          );
      }
      theirs.onApplicationShutdown();
      ours.onApplicationShutdown();
    }
  });

  it('keeps a busy bucket to the hits inside the window, and forgets idle buckets', async () => {
    const s = new QueueThrottlerStorage();
    let last = { totalHits: 0 };
    for (let i = 0; i < 30_000; i++) {
      jest.setSystemTime(Date.now() + 4); // 250 requests a second
      last = await s.increment('key:busy', 60_000, 100_000, 60_000, 'default');
    }
    expect(last.totalHits).toBe(15_000); // one minute of them
    await s.increment('ip:once', 1000, 10, 1000, 'default');
    jest.setSystemTime(Date.now() + 120_000);
    s.evictIdle();
    expect(s.size).toBe(0);
    s.onApplicationShutdown();
  });
});
