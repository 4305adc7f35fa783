// Runs a TypeScript entry point of this repository without a separate compile step: esbuild bundles
// it (resolving the @app/* paths from tsconfig.json, node_modules left external) into a temporary
// CommonJS file, which is then required. Usage: node scripts/demo-data/ts-run.mjs <file.ts> [args...]
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/demo-data/ts-run.mjs <file.ts> [args...]');
  process.exit(2);
}
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const outDir = join(root, 'node_modules', '.cache', 'ts-run');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, `${basename(entry).replace(/\.ts$/, '')}-${process.pid}.cjs`);
await build({
  entryPoints: [resolve(entry)], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile,
  packages: 'external', tsconfig: join(root, 'tsconfig.json'), sourcemap: 'inline', logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
createRequire(import.meta.url)(outfile);
