/**
 * Drops undefined fields, empty strings and empty arrays so a fragment reads into a small object.
 * Returns undefined when nothing is left: use it for values, and `group` for element groups.
 */
export function compact<T extends object>(value: T): T | undefined {
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = v;
    kept++;
  }
  return kept === 0 ? undefined : (out as T);
}

/**
 * An element group (address, party, period, VAT breakdown, ...): absent when the element is not in
 * the document, `{}` when it is present but empty. The standard's rules distinguish the two
 * (BR-08 is met by an empty postal address, BR-09 then fires on its missing country code).
 */
export function group<T extends object>(element: unknown, fields: () => T): T | undefined {
  if (element === undefined || element === null) return undefined;
  return compact(fields()) ?? ({} as T);
}

/** Keeps only defined results, for lists of optional objects. */
export function defined<T>(values: (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}
