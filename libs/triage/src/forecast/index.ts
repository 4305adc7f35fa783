export * from './erlang-c';
export * from './staffing-forecast';
