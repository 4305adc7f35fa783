export * from './typeorm-options';
export * from './migrate';
export * from './persistence.module';
export * from './audit/audit-event';
export * from './migrations';
export * from './maintenance/table-maintenance';
export * from './app-role';
export * from './sql/prepared-query';
