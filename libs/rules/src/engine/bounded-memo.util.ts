import { detachedString } from '@app/domain';

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
    // A string key is kept as a copy, and the value computed from the copy: keys are cut out of
    // invoice documents, and V8 keeps a slice of 13 or more characters as a view on the whole text,
    // so the table kept every document that brought a new key (a VAT id, an IBAN) in memory.
    const kept = typeof key === 'string' ? (detachedString(key) as K) : key;
    const value = fn(kept);
    if (cache.size >= max) cache.clear();
    cache.set(kept, value);
    return value;
  };
}
