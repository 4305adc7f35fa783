import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The bundled pages (web-dist/, built by `node apps/web/build.mjs`), read once and kept in memory. */
export class WebAssets {
  private readonly cache = new Map<string, { body: Buffer; type: string } | null>();

  constructor(readonly dir = resolve(process.env.WEB_DIST_DIR ?? join(process.cwd(), 'web-dist'))) {}

  get built(): boolean {
    return existsSync(join(this.dir, 'index.html'));
  }

  /** A file under web-dist/assets; null for anything else (no path traversal: names are plain). */
  asset(name: string): { body: Buffer; type: string } | null {
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) return null;
    // Source maps would publish the original source: never in production, even if a build left them behind.
    if (name.endsWith('.map') && process.env.NODE_ENV === 'production') return null;
    return this.read(join('assets', name));
  }

  index(): Buffer | null {
    return this.read('index.html')?.body ?? null;
  }

  private read(rel: string) {
    if (!this.cache.has(rel) || process.env.NODE_ENV === 'development') {
      const file = join(this.dir, rel);
      this.cache.set(
        rel,
        existsSync(file)
          ? { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream' }
          : null,
      );
    }
    return this.cache.get(rel) ?? null;
  }
}
