import { InvoiceReconciliationService } from './invoice-reconciliation.service';

export const MAINTENANCE_TASKS = Symbol('MAINTENANCE_TASKS');

/** Builds the task table from the services that implement the tasks (DI factory). */
export const maintenanceTasksProvider = {
  provide: MAINTENANCE_TASKS,
  inject: [InvoiceReconciliationService],
  useFactory: (reconcile: InvoiceReconciliationService) => ({
    reconcile: { run: () => reconcile.reconcile() },
  }),
};
