export * from './typeorm-options';
export * from './migrate';
export * from './persistence.module';
export * from './repositories/audit-event.repository';
export * from './migrations';
export * from './repositories/table-maintenance.repository';
export * from './app-role';
export * from './repositories/prepared-query';
