// Bundles the web pages (Preact + Chart.js) into web-dist/, which the API serves. No CDN: everything ships in the bundle.
// Usage: node apps/web/build.mjs [--watch]
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'web-dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });
copyFileSync(join(here, 'src', 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'src', 'favicon.svg'), join(out, 'assets', 'favicon.svg'));

// Source maps only for local debugging (`--sourcemap` or WEB_SOURCEMAP=1); the API never serves them in production.
const sourcemap =
  process.argv.includes('--sourcemap') || process.env.WEB_SOURCEMAP === '1' || process.argv.includes('--watch');
const options = {
  entryPoints: { app: join(here, 'src', 'main.tsx'), styles: join(here, 'src', 'styles.css') },
  outdir: join(out, 'assets'),
  bundle: true,
  minify: true,
  sourcemap,
  format: 'esm',
  target: 'es2020',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'info',
  define: { 'process.env.NODE_ENV': '"production"' },
};
if (process.argv.includes('--watch')) await (await context(options)).watch();
else await build(options);
