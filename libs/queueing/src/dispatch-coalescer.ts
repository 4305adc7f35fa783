/**
 * Gathers the ids of invoices committed one small group after another and hands them on in groups of up to
 * `size`: a full group at once, the rest when `lingerMs` has passed since the oldest one waiting. Single
 * POSTs commit in groups of whatever arrived while the last one was written (~16 at 450/s); their validation
 * jobs were as small, and the worker pays its Redis scripts, statements and commits per job. Handing on is
 * best effort: what a failed `flush` (or a crash) did not hand on stays `received` in PostgreSQL, where the
 * worker's reconciliation finds it and enqueues it again.
 */
export class DispatchCoalescer {
  private waiting: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly flushing = new Set<Promise<void>>();

  constructor(
    private readonly flush: (ids: string[]) => Promise<void>,
    private readonly size: number,
    private readonly lingerMs: number,
  ) {}

  add(ids: string[]): void {
    this.waiting.push(...ids);
    while (this.waiting.length >= this.size) this.send(this.waiting.splice(0, this.size));
    if (!this.waiting.length) this.clearTimer();
    else if (!this.timer) this.timer = setTimeout(() => this.sendWaiting(), this.lingerMs);
  }

  /** Hands on everything waiting now and resolves when every hand-on started so far has ended. */
  async drain(): Promise<void> {
    this.sendWaiting();
    await Promise.all([...this.flushing]);
  }

  private sendWaiting(): void {
    this.clearTimer();
    if (this.waiting.length) this.send(this.waiting.splice(0));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private send(ids: string[]): void {
    const p: Promise<void> = this.flush(ids)
      .catch(() => undefined)
      .finally(() => this.flushing.delete(p));
    this.flushing.add(p);
  }
}
