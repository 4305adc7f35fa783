export * from './test-environment';
export * from './fixtures';
export * from './invoice-builder';
export * from './shared-dir';
export * from './triage-fixtures';
export * from './contract-keys';
export * from './sample-supplier';
export * from './prng';
