export * from './queues/queue-defaults';
export * from './queues/ensure-queue';
