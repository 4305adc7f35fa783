import { Module } from '@nestjs/common';
import { WebhookDeliverProcessor } from './webhook-deliver.processor';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDispatcherService } from './webhook-dispatcher.service';

/** Webhook dispatch (outbox → queue) and delivery (queue → integration's endpoint). */
@Module({
  providers: [WebhookDeliveryRepository, WebhookDispatcherService, WebhookDeliverProcessor],
  exports: [WebhookDispatcherService],
})
export class WebhooksWorkerModule {}
