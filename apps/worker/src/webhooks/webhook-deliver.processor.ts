import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, EnvironmentVariables, webhooksAllowLocal } from '@app/config';
import { signWebhook, WEBHOOK_SIGNATURE_HEADER, type WebhookEventBody } from '@app/domain';
import { type CatalogueJob, QueueName, unknownJob } from '@app/queueing';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { sendWebhook } from './webhook-sender';

/** The receiver's answer, shortened for the log. */
const excerpt = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

/**
 * Sends one delivery. A 2xx answer delivers it; anything else (an error, a timeout, a 3xx, 4xx or 5xx)
 * is logged and thrown, so BullMQ retries with exponential backoff until WEBHOOK_MAX_ATTEMPTS, after
 * which the delivery is `failed` and waits for a manual re-delivery.
 */
@Processor(QueueName.WebhookDeliver, { concurrency: 8 })
export class WebhookDeliverProcessor extends WorkerHost {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(WebhookDeliveryRepository) private readonly repo: WebhookDeliveryRepository,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {
    super();
  }

  async process(job: CatalogueJob<typeof QueueName.WebhookDeliver>) {
    switch (job.name) {
      case 'deliver':
        return this.deliver(job);
      default:
        return unknownJob(this.logger, QueueName.WebhookDeliver, job.name satisfies never);
    }
  }

  private async deliver(job: Job<{ deliveryId: string; series: number }>) {
    const d = await this.repo.load(job.data.deliveryId);
    // A delivery already done, or a job of an earlier series (re-delivered since): nothing to do.
    if (!d || d.status === 'delivered' || d.series !== job.data.series) return null;
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    if (!d.active) {
      await this.repo.recordAttempt(
        { ...d, attempt },
        { statusCode: null, latencyMs: 0, error: 'endpoint disabled' },
        'failed',
      );
      return null;
    }
    const body: WebhookEventBody = {
      id: d.eventId,
      type: d.eventType,
      createdAt: d.occurredAt.toISOString(),
      data: d.payload,
    };
    const text = JSON.stringify(body);
    const result = await sendWebhook(
      d.url,
      text,
      {
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(d.secret, text),
        'webhook-id': d.eventId,
        'webhook-event': d.eventType,
        'webhook-attempt': String(attempt),
      },
      {
        allowLocal: webhooksAllowLocal(this.cfg),
        timeoutMs: this.cfg.WEBHOOK_TIMEOUT_MS,
        maxResponseBytes: this.cfg.WEBHOOK_MAX_RESPONSE_BYTES,
      },
    );
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const error = ok
      ? null
      : (result.error ?? `HTTP ${result.statusCode}${result.body ? `: ${excerpt(result.body)}` : ''}`);
    const status = ok ? 'delivered' : attempt >= maxAttempts ? 'failed' : 'pending';
    await this.repo.recordAttempt({ ...d, attempt }, { ...result, error }, status);
    if (!ok) {
      if (status === 'failed')
        this.logger.warn(`webhook delivery ${d.id} failed after ${attempt} attempt(s): ${error}`);
      throw new Error(error!);
    }
    return { statusCode: result.statusCode, latencyMs: result.latencyMs };
  }
}
