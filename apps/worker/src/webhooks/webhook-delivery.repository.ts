import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { WebhookEventType } from '@app/domain';

export interface DeliveryToSend {
  id: string;
  status: string;
  series: number;
  url: string;
  secret: string;
  active: boolean;
  eventId: string;
  eventType: WebhookEventType;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/** The SQL of webhook dispatch and delivery (worker side). */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Turns up to `limit` undispatched events into deliveries (one per subscribed endpoint) and marks them
   * dispatched, in one transaction; returns the pending deliveries to enqueue once it has committed (a job
   * must not run before its delivery row is visible). Should the enqueue be lost, `stalePending` finds them.
   */
  async dispatch(limit: number): Promise<{ events: number; deliveries: { id: string; series: number }[] }> {
    return this.ds.transaction(async (em: EntityManager) => {
      const events: { id: string }[] = await em.query(
        `SELECT id FROM webhook_events WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (!events.length) return { events: 0, deliveries: [] };
      const ids = events.map((e) => e.id);
      await em.query(
        `INSERT INTO webhook_deliveries (event_id, endpoint_id)
         SELECT ev.id, e.id FROM webhook_events ev
         JOIN webhook_endpoints e ON e.integration_id = ev.integration_id AND e.active AND ev.event_type = ANY (e.event_types)
         WHERE ev.id = ANY ($1::bigint[])
         ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
        [ids],
      );
      const deliveries: { id: string; series: number }[] = await em.query(
        `SELECT id, series FROM webhook_deliveries WHERE event_id = ANY ($1::bigint[]) AND status = 'pending' ORDER BY event_id, id`,
        [ids],
      );
      await em.query(`UPDATE webhook_events SET dispatched_at = now() WHERE id = ANY ($1::bigint[])`, [ids]);
      return { events: events.length, deliveries };
    });
  }

  /** Pending deliveries untouched for a while (their job may have been lost with Redis): to enqueue again. */
  async stalePending(olderThanSeconds: number, limit = 1000): Promise<{ id: string; series: number }[]> {
    return this.ds.query(
      `SELECT id, series FROM webhook_deliveries
       WHERE status = 'pending' AND updated_at < now() - make_interval(secs => $1) ORDER BY updated_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  async load(deliveryId: string): Promise<DeliveryToSend | null> {
    const [r] = await this.ds.query(
      `SELECT d.id, d.status, d.series, e.url, e.secret, e.active, ev.event_id, ev.event_type, ev.payload, ev.occurred_at
       FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN webhook_events ev ON ev.id = d.event_id
       WHERE d.id = $1`,
      [deliveryId],
    );
    if (!r) return null;
    return {
      id: r.id,
      status: r.status,
      series: r.series,
      url: r.url,
      secret: r.secret,
      active: r.active,
      eventId: r.event_id,
      eventType: r.event_type,
      payload: r.payload,
      occurredAt: new Date(r.occurred_at),
    };
  }

  /** One attempt logged, and the delivery's state after it. */
  async recordAttempt(
    d: { id: string; series: number; attempt: number },
    result: { statusCode: number | null; latencyMs: number; error: string | null },
    status: 'pending' | 'delivered' | 'failed',
  ): Promise<void> {
    await this.ds.query(
      `WITH attempt AS (
         INSERT INTO webhook_delivery_attempts (delivery_id, series, attempt, status_code, latency_ms, error) VALUES ($1,$2,$3,$4,$5,$6)
       )
       UPDATE webhook_deliveries SET attempts = attempts + 1, status = $7, last_status_code = $4, last_error = $6,
         delivered_at = CASE WHEN $7 = 'delivered' THEN now() ELSE delivered_at END, updated_at = now()
       WHERE id = $1 AND series = $2`,
      [d.id, d.series, d.attempt, result.statusCode, result.latencyMs, result.error, status],
    );
  }
}
