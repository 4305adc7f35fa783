import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { InvoiceRetryController } from './invoice-retry.controller';
import { InvoiceRetryService } from './invoice-retry.service';

/** Operating the pipeline: any invoice's full view for staff, retrying invoices it gave up on. */
@Module({ imports: [IntakeModule], controllers: [InvoiceRetryController], providers: [InvoiceRetryService] })
export class PipelineAdminModule {}
