/**
 * Deepest nesting of arrays/objects in a JSON text, found by one pass over its characters (strings
 * skipped), stopping as soon as `limit` is passed. Runs before JSON.parse and class-transformer,
 * whose recursion a deeply nested body would otherwise exhaust.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
