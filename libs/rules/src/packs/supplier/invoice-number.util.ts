/** Invoice number as people mistype it: case, separators and leading zeros of number groups ignored. */
export function normaliseInvoiceNumber(value: string): string {
  return value
    .toUpperCase()
    .replace(/(^|[^0-9])0+(?=\d)/g, '$1')
    .replace(/[^A-Z0-9]+/g, '');
}

/** Levenshtein distance with an early exit once every cell of a row exceeds max. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}
