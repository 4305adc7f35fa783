export * from './test-database';
export * from './query-plans';
export * from './lock-waits';
