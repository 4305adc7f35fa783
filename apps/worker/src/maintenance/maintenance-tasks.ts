import { MetricsRollupService } from '@app/metrics';
import { InvoiceReconciliationService } from './invoice-reconciliation.service';

export const MAINTENANCE_TASKS = Symbol('MAINTENANCE_TASKS');

/** Builds the task table from the services that implement the tasks (DI factory). */
export const maintenanceTasksProvider = {
  provide: MAINTENANCE_TASKS,
  inject: [InvoiceReconciliationService, MetricsRollupService],
  useFactory: (reconcile: InvoiceReconciliationService, rollup: MetricsRollupService) => ({
    reconcile: { run: () => reconcile.reconcile() },
    // Daily metric roll-ups: cheap when up to date (recomputes the last two finished days).
    rollup: { run: () => rollup.refresh(), everySeconds: 600 },
  }),
};
