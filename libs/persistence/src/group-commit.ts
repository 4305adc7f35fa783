import type { EntityManager } from 'typeorm';

/** One item's outcome in a group: its value, or the error that item alone ended with. */
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

export const settle = <O>(p: Promise<O>): Promise<Settled<O>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/**
 * Group commit: the same step of concurrent jobs (e.g. storing a verdict) is handed to `work` as one
 * group, so that the group shares one transaction instead of one each. A step submitted while a group is
 * being written waits for it and goes with the next group; a step submitted alone is written alone on
 * the next turn of the event loop, so nothing waits for a group to fill. `work` answers per item, in
 * the order given: one item's failure is that item's alone.
 */
export class GroupCommit<I, O> {
  private pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private draining = false;

  constructor(
    private readonly work: (items: I[]) => Promise<Settled<O>[]>,
    private readonly maxGroup = 64,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const group = this.pending.splice(0, this.maxGroup);
      try {
        const out = await this.work(group.map((g) => g.item));
        group.forEach((g, i) => {
          const o = out[i];
          if (o?.ok) g.resolve(o.value);
          else g.reject(o ? o.error : new Error('group commit: no outcome for this item'));
        });
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
    this.draining = false;
  }
}

/**
 * Runs a group through `many` (which answers in the order of `items`); if that fails, each item is run
 * by `many` alone, so one bad item fails alone. `onGroupFailure` hears why the group could not go together.
 */
export async function runInGroup<I, O>(
  items: I[],
  many: (items: I[]) => Promise<O[]>,
  onGroupFailure?: (err: unknown) => void,
): Promise<Settled<O>[]> {
  if (items.length > 1) {
    try {
      const out = await many(items);
      return out.map((value) => ({ ok: true as const, value }));
    } catch (err) {
      onGroupFailure?.(err);
    }
  }
  return Promise.all(items.map((item) => settle(many([item]).then(([one]) => one))));
}

/**
 * Writes a group in one transaction (`runInGroup`); if that transaction fails, nothing of it was written
 * and each item is written in a transaction of its own.
 */
export function writeInGroup<I, O>(
  transaction: <T>(work: (em: EntityManager) => Promise<T>) => Promise<T>,
  items: I[],
  many: (em: EntityManager, items: I[]) => Promise<O[]>,
  onGroupFailure?: (err: unknown) => void,
): Promise<Settled<O>[]> {
  return runInGroup(items, (group) => transaction((em) => many(em, group)), onGroupFailure);
}
