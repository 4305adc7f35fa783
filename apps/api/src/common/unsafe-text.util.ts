import type { ErrorDetail } from './api-error';

// NUL cannot be stored in a PostgreSQL text or jsonb value; a lone UTF-16 surrogate cannot be encoded.
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a string holds a character no text column can store. */
export function hasUnsafeText(s: string): boolean {
  return UNSAFE.test(s);
}

const NONE: ReadonlySet<string> = new Set();
/** Own keys that name an object's prototype machinery: class-transformer crashes on them, and no field is called so. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);

const joinPath = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * Paths of every string (value or key) holding a NUL character or a lone surrogate, and of every key named
 * `constructor`, `__proto__` or `prototype`, in the error
 * contract's detail shape. `skip` names top-level properties checked elsewhere (batch items).
 */
export function findUnsafeText(
  value: unknown,
  path = '',
  skip: ReadonlySet<string> = new Set(),
  out: ErrorDetail[] = [],
): ErrorDetail[] {
  if (out.length >= 20) return out;
  if (typeof value === 'string') {
    if (hasUnsafeText(value))
      out.push({
        path: path || '$',
        issue: 'contains a NUL character or an unpaired surrogate',
        expected: 'text without U+0000 and unpaired surrogates',
        actual: 'unstorable character',
      });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findUnsafeText(v, joinPath(path, i), NONE, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (path === '' && skip.has(k)) continue;
      const p = joinPath(path, k);
      if (hasUnsafeText(k))
        out.push({
          path: p,
          issue: 'field name contains a NUL character or an unpaired surrogate',
          expected: 'a known field name',
          actual: 'unstorable character',
        });
      else if (RESERVED_KEYS.has(k))
        out.push({ path: p, issue: 'reserved field name', expected: 'a known field name', actual: k });
      else findUnsafeText(v, p, NONE, out);
    }
  }
  return out;
}
