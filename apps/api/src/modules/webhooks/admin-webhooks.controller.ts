import { Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { DeliveryListQuery } from './dto/webhook-endpoint.dto';
import { WebhooksService } from './webhooks.service';

/** Every integration's deliveries, for an admin: find the failed ones and send them again. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/webhooks')
@UseGuards(StaffAuthGuard)
@Roles('admin')
export class AdminWebhooksController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Get('deliveries')
  deliveries(@Query() q: DeliveryListQuery) {
    return this.webhooks.allDeliveries(q.status);
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(202)
  redeliver(@Param('id') id: string, @Principal() p: StaffPrincipal) {
    return this.webhooks.redeliver(id, null, { type: 'staff', id: p.userId });
  }
}
