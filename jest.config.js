/** One jest config for unit (*.spec.ts beside the code), integration and end-to-end (test/*.e2e-spec.ts).
 * Nest 12 ships ES modules; swc compiles them (and our TypeScript) to CommonJS for jest. */
const swc = ['@swc/jest', {
  jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true, tsx: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic', importSource: 'preact' } } },
  module: { type: 'commonjs' },
}];
const aliases = ['domain', 'rules', 'formats', 'persistence', 'queueing', 'config', 'metrics', 'triage', 'testing'];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.tsx?$',
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uid|cookie|light-my-request|@bull-board|file-type|strtok3|token-types|peek-readable|uint8array-extras|@tokenizer)/)'],
  moduleNameMapper: Object.fromEntries(aliases.flatMap((a) => [
    [`^@app/${a}$`, `<rootDir>/libs/${a}/src`],
    [`^@app/${a}/(.*)$`, `<rootDir>/libs/${a}/src/$1`],
  ])),
  testTimeout: 60000,
  maxWorkers: 2,
};
