import { Module } from '@nestjs/common';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';
import { InvoiceQueryService } from './invoice-query.service';
import { InvoiceStoreService } from './invoice-store.service';
import { IntakeBodyReader } from './reading/intake-body-reader.service';

@Module({
  controllers: [IntakeController],
  providers: [IntakeService, InvoiceStoreService, InvoiceQueryService, IntakeBodyReader],
  exports: [IntakeService, InvoiceStoreService, InvoiceQueryService],
})
export class IntakeModule {}
