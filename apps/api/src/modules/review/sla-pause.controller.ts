import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, IntegrationPrincipal } from '../auth/api-key.guard';
import { Principal } from '../auth/principal.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { PauseSlaDto, ResumeSlaDto, SupplierReplyDto } from './dto/sla-pause.dto';
import { exceptionView } from './exception.view';
import { SlaPauseService } from './sla-pause.service';

/** Pausing and resuming an item's SLA clock (holder or manager). */
@ApiTags('review')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1/exceptions')
export class SlaPauseController {
  constructor(@Inject(SlaPauseService) private readonly pauses: SlaPauseService) {}

  @Post(':id/pause')
  @HttpCode(200)
  async pause(@Principal() p: StaffPrincipal, @Param('id') id: string, @Body() body: PauseSlaDto) {
    return exceptionView(await this.pauses.pause(p, id, body));
  }

  @Post(':id/resume')
  @HttpCode(200)
  async resume(@Principal() p: StaffPrincipal, @Param('id') id: string, @Body() body: ResumeSlaDto) {
    return exceptionView(await this.pauses.resume(p, id, body));
  }
}

/** The supplier's answer, passed on by the integration that sent the invoice: items waiting for it resume. */
@ApiTags('intake')
@ApiSecurity('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/invoices')
export class SupplierReplyController {
  constructor(@Inject(SlaPauseService) private readonly pauses: SlaPauseService) {}

  @Post(':id/supplier-reply')
  @HttpCode(200)
  reply(@Principal() p: IntegrationPrincipal, @Param('id') id: string, @Body() body: SupplierReplyDto) {
    return this.pauses.supplierReply(p, id, body?.note);
  }
}
