import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared fixtures folder that sits beside the project root (the official EN 16931 examples and
 * unit tests live in `<shared>/en16931`). SHARED_DIR overrides it.
 */
export const SHARED_DIR = process.env.SHARED_DIR ?? resolve(__dirname, '..', '..', '..', '..', 'shared');
export const EN16931_DIR = resolve(SHARED_DIR, 'en16931');

/** The paths of the XML documents of a folder under 200 kB, in name order (the examples the benches and probes read). */
export function xmlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml') && statSync(join(dir, f)).size < 200_000)
    .sort()
    .map((f) => join(dir, f));
}

/** The texts of `xmlFilesIn(dir)`. */
export function xmlDocsIn(dir: string): string[] {
  return xmlFilesIn(dir).map((f) => readFileSync(f, 'utf8'));
}
