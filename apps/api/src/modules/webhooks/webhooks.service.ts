import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables, webhooksAllowLocal } from '@app/config';
import { newWebhookSecret, webhookUrlProblem } from '@app/domain';
import { Actor, recordAudit } from '@app/persistence';
import { jobIds, JobProducer, QueueName } from '@app/queueing';
import { badRequest, notFound } from '../../common/api-error';
import { CreateWebhookEndpointDto } from './dto/webhook-endpoint.dto';
import { EndpointRow, WebhooksRepository } from './webhooks.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const view = (e: EndpointRow) => ({
  id: e.id,
  url: e.url,
  events: e.event_types,
  description: e.description,
  active: e.active,
  createdAt: new Date(e.created_at).toISOString(),
});

/** Integrations' webhook endpoints, their delivery log, and re-delivery (every change audited). */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(WebhooksRepository) private readonly repo: WebhooksRepository,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  /** Registers an endpoint; its signing secret is shown in this answer only. */
  async create(integrationId: string, dto: CreateWebhookEndpointDto) {
    const problem = webhookUrlProblem(dto.url, webhooksAllowLocal(this.cfg));
    if (problem) {
      throw badRequest('WEBHOOK_URL_REFUSED', `This URL cannot receive webhooks: ${problem}`, [
        { path: 'url', issue: problem, expected: 'an https URL of a public host', actual: dto.url.slice(0, 200) },
      ]);
    }
    const secret = newWebhookSecret();
    const events = [...new Set(dto.events)];
    return this.ds.transaction(async (em) => {
      const row = await this.repo.createEndpoint(em, {
        integrationId,
        url: dto.url,
        events,
        description: dto.description ?? null,
        secret,
      });
      await recordAudit(em, {
        aggregateType: 'webhook_endpoint',
        aggregateId: row.id,
        action: 'created',
        toState: 'active',
        actor: { type: 'integration', id: integrationId },
        data: { url: dto.url, events },
      });
      return { ...view(row), secret };
    });
  }

  async list(integrationId: string) {
    return { items: (await this.repo.listEndpoints(integrationId)).map(view) };
  }

  async disable(integrationId: string, id: string) {
    return this.ds.transaction(async (em) => {
      const row = UUID.test(id) ? await this.repo.disableEndpoint(em, id, integrationId) : null;
      if (!row) throw notFound('Webhook endpoint', id);
      await recordAudit(em, {
        aggregateType: 'webhook_endpoint',
        aggregateId: row.id,
        action: 'disabled',
        toState: 'disabled',
        actor: { type: 'integration', id: integrationId },
      });
      return view(row);
    });
  }

  async deliveriesOf(integrationId: string, endpointId: string, status?: string) {
    if (!UUID.test(endpointId) || !(await this.repo.endpointOf(endpointId, integrationId)))
      throw notFound('Webhook endpoint', endpointId);
    return { items: await this.repo.deliveries({ endpointId, status, limit: 200 }) };
  }

  async allDeliveries(status?: string) {
    return { items: await this.repo.deliveries({ status, limit: 500 }) };
  }

  /** A new series of attempts for one delivery (the same event, the same body, a fresh signature). */
  async redeliver(id: string, integrationId: string | null, actor: Actor) {
    const d = await this.ds.transaction(async (em) => {
      const restarted = UUID.test(id) ? await this.repo.restartDelivery(em, id, integrationId) : null;
      if (!restarted) throw notFound('Webhook delivery', id);
      await recordAudit(em, {
        aggregateType: 'webhook_endpoint',
        aggregateId: restarted.endpointId,
        action: 'delivery_restarted',
        fromState: restarted.previousStatus,
        toState: 'pending',
        actor,
        data: { deliveryId: restarted.id, series: restarted.series },
      });
      return restarted;
    });
    // After the commit: should this enqueue be lost, the worker's dispatcher re-enqueues stale pending deliveries.
    await this.producer.add(
      QueueName.WebhookDeliver,
      'deliver',
      { deliveryId: d.id, series: d.series },
      {
        jobId: jobIds.webhook(d.id, d.series),
        attempts: this.cfg.WEBHOOK_MAX_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.cfg.WEBHOOK_BACKOFF_MS },
      },
    );
    return { id: d.id, status: 'pending', series: d.series };
  }
}
