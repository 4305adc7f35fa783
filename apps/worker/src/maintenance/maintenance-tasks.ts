import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { MetricsRollupService } from '@app/metrics';
import { OutboxRelayService } from '@app/queueing';
import { InvoiceReconciliationService } from './invoice-reconciliation.service';
import { TableMaintenanceService } from './table-maintenance.service';

export const MAINTENANCE_TASKS = Symbol('MAINTENANCE_TASKS');

/** Builds the task table from the services that implement the tasks (DI factory). */
export const maintenanceTasksProvider = {
  provide: MAINTENANCE_TASKS,
  inject: [InvoiceReconciliationService, MetricsRollupService, TableMaintenanceService, OutboxRelayService, APP_CONFIG],
  useFactory: (
    reconcile: InvoiceReconciliationService,
    rollup: MetricsRollupService,
    tables: TableMaintenanceService,
    relay: OutboxRelayService,
    cfg: EnvironmentVariables,
  ) => ({
    reconcile: { run: () => reconcile.reconcile() },
    // Daily metric roll-ups: cheap when up to date (recomputes the last two finished days).
    rollup: { run: () => rollup.refresh(), everySeconds: 600 },
    // Statistics and dead rows of the hot tables (cheap when nothing passed its threshold).
    tables: { run: () => tables.run(), everySeconds: 10 },
    // Dispatched outbox records past their retention (nothing reads them; kept, they grow with every invoice).
    outbox: { run: () => relay.pruneDispatched(cfg.OUTBOX_RETENTION_HOURS * 3600), everySeconds: 600 },
  }),
};
