/**
 * The path a request really addresses, for checks that run before (or outside) routing: percent-escapes
 * decoded (repeatedly, so `%2571` cannot slip through as `%71`), duplicate slashes collapsed, `.` and `..`
 * segments resolved, lower-cased, without query string and trailing slash. Fastify and any proxy in front
 * route a request to one of these spellings, so a guard that compares this form cannot be bypassed by
 * writing the same path differently.
 */
export function normalisedPath(rawUrl: string): string {
  let path = rawUrl.split(/[?#]/, 1)[0] ?? '';
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(path); i++) {
    try {
      path = decodeURIComponent(path);
    } catch {
      path = path.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  }
  const out: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`.toLowerCase();
}

/** Whether `path` (normalised) is `prefix` itself or below it. */
export function isUnder(path: string, prefix: string): boolean {
  const p = prefix.toLowerCase();
  return path === p || path.startsWith(`${p}/`);
}
