/**
 * Memoises a pure function per distinct argument (VAT ids, IBANs, decimal strings repeat across the
 * invoices of one supplier). The table is emptied when full, which bounds memory without the
 * bookkeeping of an LRU; a refill costs one evaluation per distinct value.
 */
export function boundedMemo<K, V>(fn: (key: K) => V, max = 10_000): (key: K) => V {
  const cache = new Map<K, V>();
  return (key: K): V => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as V;
    const value = fn(key);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}
