import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { OptionalReasonDto, ReasonDto } from '../review/dto/review-action.dto';
import { ListPendingChangesQuery } from './dto/pending-change.dto';
import { PendingChangesService } from './pending-changes.service';

/** Dual control: changes that move money or weaken a control wait here for a second manager or admin. */
@ApiTags('pending changes')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Roles('manager', 'admin')
@Controller('v1/pending-changes')
export class PendingChangesController {
  constructor(@Inject(PendingChangesService) private readonly changes: PendingChangesService) {}

  @Get()
  list(@Query() q: ListPendingChangesQuery) {
    return this.changes.list({
      status: q.status,
      targetType: q.targetType,
      targetId: q.targetId,
      limit: q.limit ? Number(q.limit) : undefined,
    });
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.changes.get(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@Principal() p: StaffPrincipal, @Param('id') id: string, @Body() body: OptionalReasonDto) {
    return this.changes.approve(p, id, body?.reason);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@Principal() p: StaffPrincipal, @Param('id') id: string, @Body() body: ReasonDto) {
    return this.changes.reject(p, id, body.reason);
  }
}
