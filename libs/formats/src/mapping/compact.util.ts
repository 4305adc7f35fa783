/**
 * Drops empty fields (undefined, empty strings, empty arrays) of a fragment the reader has just built:
 * they become undefined in place, so the object keeps the shape of its literal (every invoice's party,
 * address or line has the same hidden class, and the rules read them through monomorphic property
 * loads) and is not copied. Pass only a fresh literal: it is changed. Returns undefined when nothing is
 * left: use it for values, and `group` for element groups.
 */
export function compact<T extends object>(value: T): T | undefined {
  const fields = value as Record<string, unknown>;
  let kept = 0;
  for (const key in fields) {
    const v = fields[key];
    if (v === undefined) continue;
    if (v === '' || (Array.isArray(v) && v.length === 0)) fields[key] = undefined;
    else kept++;
  }
  return kept === 0 ? undefined : value;
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

/** Whether `compact` keeps this text: not undefined and not empty. */
export function kept(text: string | undefined): text is string {
  return text !== undefined && text !== '';
}

/** Keeps only defined results, for lists of optional objects. */
export function defined<T>(values: (T | undefined)[]): T[] {
  return values.filter((v): v is T => v !== undefined);
}
