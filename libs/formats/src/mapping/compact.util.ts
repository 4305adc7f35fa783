/**
 * Drops undefined fields, empty arrays and empty objects so a fragment reads into a small object
 * and "absent" always means the element was not in the document.
 */
export function compact<T extends object>(value: T): T | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = v;
  }
  return Object.keys(out).length === 0 ? undefined : (out as T);
}

/** Keeps only defined results, for lists of optional objects. */
export function defined<T>(values: (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}
