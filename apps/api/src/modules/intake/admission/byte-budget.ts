/** A share of a ByteBudget; release is idempotent (a request may end by response and by close). */
export interface Lease {
  release(): void;
}

interface Waiter {
  weight: number;
  grant: (lease: Lease) => void;
  timer?: NodeJS.Timeout;
}

/**
 * A weighted first-come-first-served semaphore over bytes. A request asks for its weight and gets it
 * when the bytes in use plus its weight fit the capacity, or when nothing else is in use (a weight above
 * the capacity is then admitted alone). Strict order: a big request at the head is not overtaken by small
 * ones, so it cannot starve. A waiter that is not served within its wait is answered null.
 */
export class ByteBudget {
  private inUse = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly capacity: number) {}

  /** Bytes held by admitted requests. */
  get used(): number {
    return this.inUse;
  }

  /** Requests waiting for admission. */
  get queued(): number {
    return this.waiting.length;
  }

  acquire(weight: number, waitMs: number): Promise<Lease | null> {
    const w = Math.max(0, weight);
    if (this.waiting.length === 0 && this.fits(w)) return Promise.resolve(this.take(w));
    if (waitMs <= 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter: Waiter = { weight: w, grant: resolve };
      waiter.timer = setTimeout(() => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(null);
        this.drain(); // the head may have been the one that did not fit
      }, waitMs);
      this.waiting.push(waiter);
    });
  }

  private fits(w: number): boolean {
    return this.inUse === 0 || this.inUse + w <= this.capacity;
  }

  private take(w: number): Lease {
    this.inUse += w;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.inUse -= w;
        this.drain();
      },
    };
  }

  private drain(): void {
    while (this.waiting.length && this.fits(this.waiting[0].weight)) {
      const next = this.waiting.shift()!;
      clearTimeout(next.timer);
      next.grant(this.take(next.weight));
    }
  }
}
