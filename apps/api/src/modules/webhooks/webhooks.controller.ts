import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, IntegrationPrincipal } from '../auth/api-key.guard';
import { Principal } from '../auth/principal.decorator';
import { CreateWebhookEndpointDto, DeliveryListQuery } from './dto/webhook-endpoint.dto';
import { WebhooksService } from './webhooks.service';

/** An integration's own webhook endpoints and deliveries. */
@ApiTags('webhooks')
@ApiSecurity('api-key')
@Controller('v1/webhooks')
@UseGuards(ApiKeyGuard)
export class WebhooksController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Post('endpoints')
  create(@Body() body: CreateWebhookEndpointDto, @Principal() p: IntegrationPrincipal) {
    return this.webhooks.create(p.integrationId, body);
  }

  @Get('endpoints')
  list(@Principal() p: IntegrationPrincipal) {
    return this.webhooks.list(p.integrationId);
  }

  @Delete('endpoints/:id')
  disable(@Param('id') id: string, @Principal() p: IntegrationPrincipal) {
    return this.webhooks.disable(p.integrationId, id);
  }

  @Get('endpoints/:id/deliveries')
  deliveries(@Param('id') id: string, @Query() q: DeliveryListQuery, @Principal() p: IntegrationPrincipal) {
    return this.webhooks.deliveriesOf(p.integrationId, id, q.status);
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(202)
  redeliver(@Param('id') id: string, @Principal() p: IntegrationPrincipal) {
    return this.webhooks.redeliver(id, p.integrationId, { type: 'integration', id: p.integrationId });
  }
}
