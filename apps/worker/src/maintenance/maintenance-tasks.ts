import { MetricsRollupService } from '@app/metrics';
import { InvoiceReconciliationService } from './invoice-reconciliation.service';
import { TableMaintenanceService } from './table-maintenance.service';

export const MAINTENANCE_TASKS = Symbol('MAINTENANCE_TASKS');

/** Builds the task table from the services that implement the tasks (DI factory). */
export const maintenanceTasksProvider = {
  provide: MAINTENANCE_TASKS,
  inject: [InvoiceReconciliationService, MetricsRollupService, TableMaintenanceService],
  useFactory: (
    reconcile: InvoiceReconciliationService,
    rollup: MetricsRollupService,
    tables: TableMaintenanceService,
  ) => ({
    reconcile: { run: () => reconcile.reconcile() },
    // Daily metric roll-ups: cheap when up to date (recomputes the last two finished days).
    rollup: { run: () => rollup.refresh(), everySeconds: 600 },
    // Statistics and dead rows of the hot tables (cheap when nothing passed its threshold).
    tables: { run: () => tables.run(), everySeconds: 10 },
  }),
};
