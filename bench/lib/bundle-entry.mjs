// Bundles bench/lib/xml-ab-entry.ts of a source tree (this checkout, or a base commit's temporary worktree) into one
// CommonJS file under this checkout's node_modules/.cache, so that the two versions compared by bench/xml-ab.mjs and
// bench/xml-processes.mjs are the same entry built the same way. The entry is outside node_modules (esbuild applies no
// tsconfig paths, the @app/* imports, to files there); the bundle is inside this checkout, so that its bare imports
// resolve from this checkout's node_modules.
import { build } from 'esbuild';
import { join } from 'node:path';

export async function bundleXmlEntry(root, tree, name) {
  const outfile = join(root, 'node_modules', '.cache', `${name}-${process.pid}.cjs`);
  await build({
    entryPoints: [join(tree, 'bench', 'lib', 'xml-ab-entry.ts')],
    absWorkingDir: tree,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    packages: 'external',
    tsconfig: join(tree, 'tsconfig.json'),
    logLevel: 'warning',
  });
  return outfile;
}
