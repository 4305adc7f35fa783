import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * The hits of one bucket still inside the window, oldest first: a queue read from `head`, so that the
 * hits that left the window are dropped by moving `head` instead of copying every hit still in it.
 * Expiry times are pushed in order (now + the same ttl) unless the clock went back: then `sorted` is
 * false and the next prune filters every hit, as before.
 */
class Hits {
  private items: number[] = [];
  private head = 0;
  private sorted = true;

  get size(): number {
    return this.items.length - this.head;
  }

  push(expiresAt: number): void {
    if (this.items.length > this.head && expiresAt < this.items[this.items.length - 1]) this.sorted = false;
    this.items.push(expiresAt);
  }

  prune(now: number): void {
    if (!this.sorted) {
      this.items = this.items.slice(this.head).filter((e) => e > now);
      this.head = 0;
      this.sorted = this.items.every((e, i) => i === 0 || this.items[i - 1] <= e);
      return;
    }
    while (this.head < this.items.length && this.items[this.head] <= now) this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.sorted = true;
  }

  earliest(): number {
    let min = Infinity;
    for (let i = this.head; i < this.items.length; i++) if (this.items[i] < min) min = this.items[i];
    return min;
  }

  anyAfter(now: number): boolean {
    for (let i = this.head; i < this.items.length; i++) if (this.items[i] > now) return true;
    return false;
  }
}

interface Bucket {
  totalHits: Map<string, number>;
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
  hits: Map<string, Hits>;
}

/**
 * The rate limiter's in-memory storage: @nestjs/throttler's own ThrottlerStorageService (6.x), answer for
 * answer, except how a bucket keeps its hits. The library filters a bucket's whole list of hit expiry
 * times into a new array on every request: with the per-key limit at 60,000 a minute, a busy integration's
 * bucket holds tens of thousands of hits, so each request copied (and left to the garbage collector) an
 * array of that size. Here the hits are a queue: a request drops the ones that expired from its front.
 */
export class QueueThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly buckets = new Map<string, Bucket>();
  private sweep?: NodeJS.Timeout;

  constructor(private readonly sweepIntervalMs = 60_000) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.ensureSweep();
    let b = this.buckets.get(key);
    if (!b) {
      b = {
        totalHits: new Map([[throttlerName, 0]]),
        expiresAt: Date.now() + ttl,
        blockExpiresAt: 0,
        isBlocked: false,
        hits: new Map(),
      };
      this.buckets.set(key, b);
    }
    const hits = this.hitsOf(b, throttlerName);
    hits.prune(Date.now());
    b.totalHits.set(throttlerName, hits.size);
    let timeToExpire = Math.ceil((b.expiresAt - Date.now()) / 1000);
    if (timeToExpire <= 0) {
      b.expiresAt = Date.now() + ttl;
      timeToExpire = Math.ceil((b.expiresAt - Date.now()) / 1000);
    }
    if (blockDuration <= 0) {
      const isBlocked = b.totalHits.get(throttlerName)! >= limit;
      if (!isBlocked) this.fire(b, hits, throttlerName, ttl);
      const timeToBlockExpire = hits.size ? Math.ceil((hits.earliest() - Date.now()) / 1000) : timeToExpire;
      return {
        totalHits: b.totalHits.get(throttlerName)! + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? timeToBlockExpire : 0,
      };
    }
    if (!b.isBlocked) this.fire(b, hits, throttlerName, ttl);
    if (b.totalHits.get(throttlerName)! > limit && !b.isBlocked) {
      b.isBlocked = true;
      b.blockExpiresAt = Date.now() + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((b.blockExpiresAt - Date.now()) / 1000);
    if (timeToBlockExpire <= 0 && b.isBlocked) {
      b.isBlocked = false;
      b.totalHits.set(throttlerName, 0);
      hits.clear();
      this.fire(b, hits, throttlerName, ttl);
    }
    return {
      totalHits: b.totalHits.get(throttlerName)!,
      timeToExpire,
      isBlocked: b.isBlocked,
      timeToBlockExpire,
    };
  }

  onApplicationShutdown(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = undefined;
    this.buckets.clear();
  }

  /** Buckets with nothing left to remember (not blocked, window over, no live hit) are forgotten. */
  evictIdle(now = Date.now()): void {
    for (const [key, b] of this.buckets) {
      if (b.isBlocked && b.blockExpiresAt > now) continue;
      if (b.expiresAt > now) continue;
      if ([...b.hits.values()].some((h) => h.anyAfter(now))) continue;
      this.buckets.delete(key);
    }
  }

  /** How many buckets are held (tests). */
  get size(): number {
    return this.buckets.size;
  }

  private hitsOf(b: Bucket, throttlerName: string): Hits {
    let hits = b.hits.get(throttlerName);
    if (!hits) b.hits.set(throttlerName, (hits = new Hits()));
    return hits;
  }

  private fire(b: Bucket, hits: Hits, throttlerName: string, ttl: number): void {
    b.totalHits.set(throttlerName, b.totalHits.get(throttlerName)! + 1);
    hits.push(Date.now() + ttl);
  }

  private ensureSweep(): void {
    if (this.sweep) return;
    this.sweep = setInterval(() => this.evictIdle(), this.sweepIntervalMs);
    this.sweep.unref?.();
  }
}
