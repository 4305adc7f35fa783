import { Module } from '@nestjs/common';
import { InvoiceResponseController } from './invoice-response.controller';
import { InvoiceResponseRepository } from './invoice-response.repository';
import { InvoiceResponseService } from './invoice-response.service';

@Module({
  controllers: [InvoiceResponseController],
  providers: [InvoiceResponseService, InvoiceResponseRepository],
})
export class InvoiceResponseModule {}
