export * from './queue-names';
export * from './job-catalogue';
export * from './job-options';
export * from './redis-connection';
export * from './queueing.module';
export * from './job-producer';
export * from './outbox-relay.service';
export * from './pipeline-state.repository';
