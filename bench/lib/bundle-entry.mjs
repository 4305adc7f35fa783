// Bundles bench/lib/xml-ab-entry.ts of a source tree (this checkout, or a base commit's temporary worktree) into one
// CommonJS file under this checkout's node_modules/.cache, so that the two versions compared by bench/xml-ab.mjs and
// bench/xml-processes.mjs are the same entry built the same way. The entry is outside node_modules (esbuild applies no
// tsconfig paths, the @app/* imports, to files there); the bundle is inside this checkout, so that its bare imports
// resolve from this checkout's node_modules.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * The entry bundled twice: `a` from `base` (checked out in a temporary git worktree) and `b` from the working tree,
 * named `<prefix>-a` and `<prefix>-b`. `cleanup` removes the worktree and both bundles; call it when done.
 */
export async function bundleBaseAndWorkingTree(root, base, prefix) {
  const worktree = join(tmpdir(), `${prefix}-base-${process.pid}`);
  const cache = join(root, 'node_modules', '.cache');
  if (existsSync(worktree)) execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
  execFileSync('git', ['worktree', 'add', '--detach', worktree, base], { cwd: root, stdio: 'ignore' });
  const cleanup = () => {
    execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
    if (existsSync(worktree)) rmSync(worktree, { recursive: true, force: true });
    for (const f of readdirSync(cache))
      if (f.startsWith(`${prefix}-`) && f.endsWith(`-${process.pid}.cjs`)) rmSync(join(cache, f));
  };
  try {
    // The same entry in both (the base may predate it, or have an older one).
    execFileSync('cp', [join(root, 'bench', 'lib', 'xml-ab-entry.ts'), join(worktree, 'bench', 'lib')]);
    return {
      a: await bundleXmlEntry(root, worktree, `${prefix}-a`),
      b: await bundleXmlEntry(root, root, `${prefix}-b`),
      cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}
