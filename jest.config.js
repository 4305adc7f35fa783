/** One jest config for unit (*.spec.ts beside the code), integration and end-to-end (test/*.e2e-spec.ts).
 * Nest 12 ships ES modules; swc compiles them (and our TypeScript) to CommonJS for jest. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: {
        legacyDecorator: true,
        decoratorMetadata: true,
        react: { runtime: 'automatic', importSource: 'preact' },
      },
    },
    module: { type: 'commonjs' },
  },
];
const fs = require('node:fs');
const path = require('node:path');

/** Packages that ship ES modules only ("type": "module"): jest must compile them to CommonJS too. */
function esmPackages(root = path.join(__dirname, 'node_modules')) {
  // @fastify/cookie is CommonJS but loads the ESM-only `cookie` with a dynamic import(), which jest's
  // CommonJS runtime refuses: compiled by swc, the import() becomes a require() of the compiled package.
  const out = ['uid', '@fastify/cookie'];
  const visit = (dir) => {
    for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (name.startsWith('.')) continue;
      const p = path.join(dir, name);
      if (name.startsWith('@')) {
        visit(p);
        continue;
      }
      try {
        if (JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8')).type === 'module')
          out.push(path.relative(root, p));
      } catch {
        /* not a package */
      }
    }
  };
  visit(root);
  return out.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

const aliases = [
  'domain',
  'rules',
  'formats',
  'persistence',
  'queueing',
  'config',
  'metrics',
  'triage',
  'testing',
  'contracts',
];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.tsx?$',
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().join('|')})/)`],
  moduleNameMapper: Object.fromEntries(
    aliases.flatMap((a) => [
      [`^@app/${a}$`, `<rootDir>/libs/${a}/src`],
      [`^@app/${a}/(.*)$`, `<rootDir>/libs/${a}/src/$1`],
    ]),
  ),
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
  maxWorkers: 2,
  // How long jest waits for a worker to exit at the end before it kills it and prints "A worker process has
  // failed to exit gracefully" (default 500 ms). At the end of a full run on this 2-core machine the workers
  // exited 1-3 ms after jest asked them to, with nothing left open (an environment that recorded the process's
  // active resources at that moment and at its exit, two runs), and the warning still came once a run: jest's
  // main process, busy finishing the run, only saw the exits after its 500 ms timer had fired. A worker that
  // really leaks still gets killed and reported, 5 s later.
  workerGracefulExitTimeout: 5000,
};
