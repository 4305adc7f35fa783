// Runs a TypeScript entry point of this repository without a separate compile step: esbuild bundles
// it (resolving the @app/* paths from tsconfig.json, node_modules left external) into a temporary
// CommonJS file, which is then required. TypeScript goes through swc first because Nest needs the
// decorator metadata (design:paramtypes) that esbuild does not emit.
// Usage: node scripts/demo-data/ts-run.mjs <file.ts> [args...]
import { transform } from '@swc/core';
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/demo-data/ts-run.mjs <file.ts> [args...]');
  process.exit(2);
}
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const outDir = join(root, 'node_modules', '.cache', 'ts-run');
mkdirSync(outDir, { recursive: true });
// TS_RUN_BUNDLE_TO=<file>: write the bundle there and stop (to start several processes from one bundle).
const outfile =
  process.env.TS_RUN_BUNDLE_TO ?? join(outDir, `${basename(entry).replace(/\.ts$/, '')}-${process.pid}.cjs`);
await build({
  entryPoints: [resolve(entry)],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  packages: 'external',
  tsconfig: join(root, 'tsconfig.json'),
  sourcemap: 'inline',
  logLevel: 'warning',
  plugins: [
    {
      name: 'swc-decorator-metadata',
      setup(b) {
        b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
          const out = await transform(readFileSync(args.path, 'utf8'), {
            filename: args.path,
            sourceMaps: 'inline',
            jsc: {
              target: 'es2022',
              parser: { syntax: 'typescript', decorators: true, tsx: args.path.endsWith('x') },
              transform: {
                legacyDecorator: true,
                decoratorMetadata: true,
                react: { runtime: 'automatic', importSource: 'preact' },
              },
            },
            module: { type: 'commonjs' },
          });
          return { contents: out.code, loader: 'js', resolveDir: dirname(args.path) };
        });
      },
    },
  ],
});
if (process.env.TS_RUN_BUNDLE_TO) process.exit(0);
process.argv = [process.argv[0], outfile, ...args];
createRequire(import.meta.url)(outfile);
