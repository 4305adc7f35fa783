/**
 * The same characters in a string of their own, not a view on the text they were cut from: V8 keeps a
 * slice of 13 or more characters as a view on the whole text, so a long-lived table keyed by slices of
 * documents keeps the documents alive.
 */
export function detachedString(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}
