import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface EndpointRow {
  id: string;
  integration_id: string;
  url: string;
  event_types: string[];
  description: string | null;
  active: boolean;
  created_at: Date;
}

const ENDPOINT_COLUMNS = `id, integration_id, url, event_types, description, active, created_at`;

/** The SQL of webhook endpoints and their deliveries (API side). */
@Injectable()
export class WebhooksRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async createEndpoint(
    em: EntityManager,
    e: { integrationId: string; url: string; events: string[]; description: string | null; secret: string },
  ): Promise<EndpointRow> {
    const [row] = await em.query(
      `INSERT INTO webhook_endpoints (integration_id, url, event_types, description, secret) VALUES ($1,$2,$3,$4,$5)
       RETURNING ${ENDPOINT_COLUMNS}`,
      [e.integrationId, e.url, e.events, e.description, e.secret],
    );
    return row;
  }

  listEndpoints(integrationId: string): Promise<EndpointRow[]> {
    return this.ds.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE integration_id = $1 ORDER BY created_at, id`,
      [integrationId],
    );
  }

  async disableEndpoint(em: EntityManager, id: string, integrationId: string): Promise<EndpointRow | null> {
    const [row] = await em.query(
      `WITH u AS (UPDATE webhook_endpoints SET active = false, updated_at = now() WHERE id = $1 AND integration_id = $2
                  RETURNING ${ENDPOINT_COLUMNS})
       SELECT * FROM u`,
      [id, integrationId],
    );
    return row ?? null;
  }

  async endpointOf(id: string, integrationId: string): Promise<EndpointRow | null> {
    const [row] = await this.ds.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND integration_id = $2`,
      [id, integrationId],
    );
    return row ?? null;
  }

  /** Deliveries with their attempt log, newest first: of one endpoint, or (admin) of every endpoint. */
  deliveries(f: { endpointId?: string; status?: string; limit: number }) {
    return this.ds.query(
      `SELECT d.id, d.endpoint_id AS "endpointId", ev.event_id AS "eventId", ev.event_type AS "eventType",
              ev.invoice_id AS "invoiceId", d.status, d.series, d.attempts, d.last_status_code AS "lastStatusCode",
              d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('series', a.series, 'attempt', a.attempt, 'statusCode', a.status_code,
                                         'latencyMs', a.latency_ms, 'error', a.error, 'at', a.attempted_at) ORDER BY a.id)
                        FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS log
       FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
       WHERE ($1::uuid IS NULL OR d.endpoint_id = $1) AND ($2::text IS NULL OR d.status = $2)
       ORDER BY d.created_at DESC, d.id LIMIT $3`,
      [f.endpointId ?? null, f.status ?? null, f.limit],
    );
  }

  /**
   * Starts a new series of attempts for a delivery (locked; of the integration's own endpoints unless
   * integrationId is null, for an admin). Returns the delivery's endpoint and new series, or null when unknown.
   */
  async restartDelivery(
    em: EntityManager,
    id: string,
    integrationId: string | null,
  ): Promise<{ id: string; endpointId: string; series: number; previousStatus: string } | null> {
    const [d] = await em.query(
      `SELECT d.id, d.endpoint_id, d.status FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.id = $1 AND ($2::uuid IS NULL OR e.integration_id = $2) FOR UPDATE OF d`,
      [id, integrationId],
    );
    if (!d) return null;
    const [u] = await em.query(
      `WITH u AS (UPDATE webhook_deliveries SET series = series + 1, status = 'pending', updated_at = now() WHERE id = $1
                  RETURNING series)
       SELECT series FROM u`,
      [id],
    );
    return { id: d.id, endpointId: d.endpoint_id, series: u.series, previousStatus: d.status };
  }
}
