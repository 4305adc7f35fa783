/**
 * The time every triage decision is made at (SLA due times, working hours, claim timeouts).
 * Production reads the system clock; tests pin or advance it instead of sleeping for hours.
 */
export class TriageClock {
  private fixed: number | null = null;
  private offsetMs = 0;

  now(): Date {
    return new Date(this.fixed ?? Date.now() + this.offsetMs);
  }

  /** Pins the clock to one instant (null returns to the system clock). */
  set(at: Date | string | null): void {
    this.fixed = at === null ? null : new Date(at).getTime();
    this.offsetMs = 0;
  }

  /** Moves the clock forward (a pinned clock stays pinned). */
  advance(ms: number): void {
    if (this.fixed !== null) this.fixed += ms;
    else this.offsetMs += ms;
  }
}

/** One clock per process, shared by the API and the worker providers (and by tests that steer it). */
export const triageClock = new TriageClock();
