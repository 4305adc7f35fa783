import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfigModule, EnvironmentVariables } from '@app/config';
import { FindingsRepository, InvoicesRepository, PersistenceModule } from '@app/persistence';
import { QueueingModule } from '@app/queueing';
import { InvoiceReconciliationService } from './maintenance/invoice-reconciliation.service';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { maintenanceTasksProvider } from './maintenance/maintenance-tasks';
import { TableMaintenanceService } from './maintenance/table-maintenance.service';
import { InvoiceValidateProcessor } from './validation/invoice-validate.processor';
import { InvoiceValidationService } from './validation/invoice-validation.service';
import { RuleSettingsProvider } from './validation/rule-settings.provider';
import { RuleSettingsRepository } from './validation/rule-settings.repository';
import { SupplierContextLoader } from './validation/supplier-context.loader';
import { SupplierContextRepository } from './validation/supplier-context.repository';
import { ValidationExceptionsRepository } from './validation/validation-exceptions.repository';
import { ValidationThreadPool } from './validation/validation-thread-pool';
import { WorkerHeartbeatService } from './health/worker-heartbeat.service';
import { WORKER_FEATURE_MODULES } from './feature-modules';

import { AdminRevalidateProcessor } from './revalidation/revalidation.processor';
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: EnvironmentVariables) => ({ pinoHttp: { level: cfg.LOG_LEVEL } }),
    }),
    PersistenceModule,
    QueueingModule,
    DiscoveryModule,
    ...WORKER_FEATURE_MODULES,
  ],
  providers: [
    InvoiceValidationService,
    SupplierContextLoader,
    SupplierContextRepository,
    ValidationExceptionsRepository,
    InvoicesRepository,
    FindingsRepository,
    RuleSettingsProvider,
    RuleSettingsRepository,
    ValidationThreadPool,
    InvoiceValidateProcessor,
    AdminRevalidateProcessor,
    InvoiceReconciliationService,
    TableMaintenanceService,
    maintenanceTasksProvider,
    MaintenanceProcessor,
    WorkerHeartbeatService,
  ],
  exports: [InvoiceValidationService, InvoiceReconciliationService, TableMaintenanceService],
})
export class WorkerModule {}
