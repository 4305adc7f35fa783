import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { jobIds, JobProducer, QueueName } from '@app/queueing';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

/** Pending deliveries idle this long are enqueued again unless their job is still there (lost enqueue, Redis flush). */
const STALE_PENDING_SECONDS = 60;

/**
 * Moves webhook events (written with the state change they report) onto the delivery queue, every
 * WEBHOOK_DISPATCH_EVERY_MS. Several workers share the work through SKIP LOCKED; job ids are
 * deterministic, so a delivery enqueued twice is one job. A delivery whose enqueue was lost (a crash
 * between commit and enqueue, a Redis flush) stays pending and is enqueued again about a minute later.
 */
@Injectable()
export class WebhookDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private ticks = 0;

  constructor(
    @Inject(WebhookDeliveryRepository) private readonly repo: WebhookDeliveryRepository,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = null));
    }, this.cfg.WEBHOOK_DISPATCH_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass: dispatch until no event is left; now and then, re-enqueue stale pending deliveries. */
  async tick(): Promise<void> {
    try {
      for (;;) {
        const { events, deliveries } = await this.repo.dispatch(500);
        await this.enqueue(deliveries);
        if (events < 500) break;
      }
      if (this.ticks++ % 60 === 59) await this.enqueue(await this.repo.stalePending(STALE_PENDING_SECONDS), true);
    } catch (e) {
      this.logger.warn(`webhook dispatch failed, next pass retries: ${(e as Error).message}`);
    }
  }

  private async enqueue(deliveries: { id: string; series: number }[], unlessPending = false): Promise<void> {
    const opts = {
      attempts: this.cfg.WEBHOOK_MAX_ATTEMPTS,
      backoff: { type: 'exponential' as const, delay: this.cfg.WEBHOOK_BACKOFF_MS },
    };
    if (unlessPending) {
      for (const d of deliveries)
        await this.producer.addUnlessPending(
          QueueName.WebhookDeliver,
          'deliver',
          { deliveryId: d.id, series: d.series },
          jobIds.webhook(d.id, d.series),
        );
      return;
    }
    await this.producer.addBulk(
      QueueName.WebhookDeliver,
      deliveries.map((d) => ({
        name: 'deliver' as const,
        data: { deliveryId: d.id, series: d.series },
        opts: { ...opts, jobId: jobIds.webhook(d.id, d.series) },
      })),
    );
  }
}
