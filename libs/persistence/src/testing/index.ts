export * from './test-database';
export * from './query-plans';
