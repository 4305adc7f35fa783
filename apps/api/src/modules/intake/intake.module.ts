import { Module } from '@nestjs/common';
import { FindingsRepository, InvoicesRepository } from '@app/persistence';
import { IntakeAdmissionHook } from './admission/intake-admission.hook';
import { IntakeController } from './intake.controller';
import { IdempotencyRepository } from './idempotency.repository';
import { IntakeService } from './intake.service';
import { InvoiceQueryService } from './invoice-query.service';
import { InvoiceStoreRepository } from './invoice-store.repository';
import { InvoiceStoreService } from './invoice-store.service';
import { IntakeBodyReader } from './reading/intake-body-reader.service';

@Module({
  controllers: [IntakeController],
  providers: [
    IntakeAdmissionHook,
    IntakeService,
    InvoiceStoreService,
    InvoiceQueryService,
    IntakeBodyReader,
    IdempotencyRepository,
    InvoiceStoreRepository,
    InvoicesRepository,
    FindingsRepository,
  ],
  exports: [IntakeService, InvoiceStoreService, InvoiceQueryService, InvoicesRepository],
})
export class IntakeModule {}
