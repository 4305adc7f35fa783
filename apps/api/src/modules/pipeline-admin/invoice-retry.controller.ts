import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { OptionalReasonDto } from '../review/dto/review-action.dto';
import { InvoiceQueryService } from '../intake/invoice-query.service';
import { InvoiceRetryService } from './invoice-retry.service';
import type { Language } from '@app/rules';
import { Lang } from '../../common/language/request-language';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1/admin/invoices')
export class InvoiceRetryController {
  constructor(
    @Inject(InvoiceRetryService) private readonly retries: InvoiceRetryService,
    @Inject(InvoiceQueryService) private readonly invoices: InvoiceQueryService,
  ) {}

  /** Any invoice with its findings, exceptions, attempts and last pipeline error (staff view). */
  @Get(':id')
  @Roles('manager', 'admin')
  get(@Param('id') id: string, @Lang() lang: Language) {
    return this.invoices.get(id, {}, lang);
  }

  /** failed → received: a new validation run (audited with the admin and reason); 422 unless the invoice is failed. */
  @Post(':id/retry')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Retry a failed invoice after the cause was fixed' })
  retry(@Principal() p: StaffPrincipal, @Param('id') id: string, @Body() body: OptionalReasonDto) {
    return this.retries.retry(p, id, body?.reason ?? null);
  }
}
