/**
 * How many invoices the worker validates at once, and how much of their documents it holds. A run is
 * admitted in arrival order while
 * - fewer than `maxRuns` runs are in flight (the runs in flight make the start and verdict groups: more
 *   of them is fewer statements per invoice and the rules threads never wait for the database), and
 * - fewer than `maxStarting` admitted runs have not yet said how large their document is (a run's size is
 *   known once its start has loaded it: this bounds what one start group can load), and
 * - the documents of the runs in flight hold less than `maxBytes`, or no run is in flight (a document
 *   larger than the budget is validated alone rather than never).
 * So typical invoices of a few kilobytes go `maxRuns` at a time, and big ones (up to the body limit) a
 * few at a time: memory follows the bytes in flight, not the count.
 */
export class InFlightBudget {
  private running = 0;
  private starting = 0;
  private bytes = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRuns: number,
    private readonly maxStarting: number,
    private readonly maxBytes: number,
  ) {}

  /**
   * Runs `work` once admitted; `work` calls `loaded(bytes)` when its document is in memory (at most once;
   * a run that never calls it counts as starting until it ends).
   */
  async run<T>(work: (loaded: (bytes: number) => void) => Promise<T>): Promise<T> {
    // pump() counts the run as running and starting when it admits it, synchronously, so that one pump
    // cannot admit past the limits while the admitted runs have not resumed yet.
    await new Promise<void>((admit) => {
      this.waiting.push(admit);
      this.pump();
    });
    let held: number | null = null;
    const loaded = (bytes: number) => {
      if (held !== null) return;
      held = Math.max(0, bytes);
      this.starting--;
      this.bytes += held;
      this.pump();
    };
    try {
      return await work(loaded);
    } finally {
      this.running--;
      if (held === null) this.starting--;
      else this.bytes -= held;
      this.pump();
    }
  }

  /** What is in flight now (for tests). */
  get state(): { running: number; starting: number; bytes: number; waiting: number } {
    return { running: this.running, starting: this.starting, bytes: this.bytes, waiting: this.waiting.length };
  }

  private admits(): boolean {
    if (!this.waiting.length || this.running >= this.maxRuns || this.starting >= this.maxStarting) return false;
    return this.running === 0 || this.bytes < this.maxBytes;
  }

  private pump(): void {
    while (this.admits()) {
      this.running++;
      this.starting++;
      this.waiting.shift()!();
    }
  }
}
