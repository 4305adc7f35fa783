import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which webhook events one audited state change is: validation finished (ready or in review), the new
 * status of the invoice, an exception resolved. Written only when some active endpoint wants the type.
 * Exported for `WebhookEventsPerStatement1765600000000`, whose `down` puts this per-row form back.
 */
export const WEBHOOK_EVENTS_FROM_AUDIT_FUNCTION = `CREATE FUNCTION webhook_events_from_audit() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    types text[] := '{}';
    inv_id uuid;
    inv record;
  BEGIN
    IF NEW.aggregate_type = 'invoice' THEN
      inv_id := NEW.aggregate_id;
      IF NEW.from_state = 'validating' THEN types := types || 'invoice.validated'::text; END IF;
      IF NEW.from_state IS DISTINCT FROM NEW.to_state THEN
        types := types || (CASE NEW.to_state WHEN 'returned_to_supplier' THEN 'invoice.returned'
                                             ELSE 'invoice.' || NEW.to_state END);
      END IF;
    ELSIF NEW.from_state IS DISTINCT FROM 'resolved' THEN
      SELECT invoice_id INTO inv_id FROM exceptions WHERE id = NEW.aggregate_id;
      types := ARRAY['exception.resolved'];
    END IF;
    IF inv_id IS NULL OR cardinality(types) = 0 THEN RETURN NULL; END IF;
    SELECT id, integration_id, invoice_number, status INTO inv FROM invoices WHERE id = inv_id;
    INSERT INTO webhook_events (event_type, integration_id, invoice_id, audit_event_id, payload, occurred_at)
    SELECT t, inv.integration_id, inv.id, NEW.id,
           jsonb_strip_nulls(jsonb_build_object(
             'invoiceId', inv.id, 'invoiceNumber', inv.invoice_number,
             'status', CASE WHEN NEW.aggregate_type = 'invoice' THEN NEW.to_state ELSE inv.status END,
             'previousStatus', CASE WHEN NEW.aggregate_type = 'invoice' THEN NEW.from_state END,
             'exceptionId', CASE WHEN NEW.aggregate_type = 'exception' THEN NEW.aggregate_id END,
             'decision', NEW.data->>'decision', 'reasonCode', NEW.data->>'reasonCode',
             'action', NEW.action, 'actor', NEW.actor_type)),
           NEW.occurred_at
    FROM unnest(types) AS t
    WHERE EXISTS (SELECT 1 FROM webhook_endpoints e
                  WHERE e.integration_id = inv.integration_id AND e.active AND t = ANY (e.event_types))
    ON CONFLICT (audit_event_id, event_type) DO NOTHING;
    RETURN NULL;
  END $$`;

/** The per-row trigger that calls it (replaced by a per-statement one in `WebhookEventsPerStatement1765600000000`). */
export const PER_ROW_WEBHOOK_TRIGGER = `CREATE TRIGGER audit_events_webhooks AFTER INSERT ON audit_events FOR EACH ROW
  WHEN (NEW.aggregate_type IN ('invoice', 'exception')
        AND NEW.to_state IN ('ready', 'in_review', 'rejected', 'returned_to_supplier', 'resolved'))
  EXECUTE FUNCTION webhook_events_from_audit()`;

/**
 * Webhooks. Integrations register endpoints for event types; an event row is written by a trigger on
 * audit_events, i.e. in the very transaction of the state change it reports (an outbox: a crash loses
 * none), and only when an active endpoint of the invoice's integration wants that type. The worker's
 * dispatcher turns each event into one delivery per endpoint and hands it to BullMQ; every attempt is logged.
 */
export class Webhooks1765300000000 implements MigrationInterface {
  name = 'Webhooks1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      integration_id uuid NOT NULL REFERENCES integrations(id),
      url text NOT NULL,
      event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
      secret text NOT NULL,
      description text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX webhook_endpoints_integration_idx ON webhook_endpoints (integration_id) WHERE active`);
    await q.query(`CREATE TABLE webhook_events (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      event_type text NOT NULL,
      integration_id uuid NOT NULL REFERENCES integrations(id),
      invoice_id uuid NOT NULL REFERENCES invoices(id),
      audit_event_id bigint NOT NULL,
      payload jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      dispatched_at timestamptz,
      UNIQUE (audit_event_id, event_type)
    )`);
    await q.query(`CREATE INDEX webhook_events_undispatched_idx ON webhook_events (id) WHERE dispatched_at IS NULL`);
    await q.query(`CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      event_id bigint NOT NULL REFERENCES webhook_events(id),
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
      series int NOT NULL DEFAULT 0,
      attempts int NOT NULL DEFAULT 0,
      last_status_code int,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (event_id, endpoint_id)
    )`);
    await q.query(`CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (updated_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE TABLE webhook_delivery_attempts (
      id bigserial PRIMARY KEY,
      delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id),
      series int NOT NULL,
      attempt int NOT NULL,
      status_code int,
      latency_ms int NOT NULL,
      error text,
      attempted_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, id)`);

    await q.query(WEBHOOK_EVENTS_FROM_AUDIT_FUNCTION);
    await q.query(PER_ROW_WEBHOOK_TRIGGER);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS audit_events_webhooks ON audit_events`);
    await q.query(`DROP FUNCTION IF EXISTS webhook_events_from_audit()`);
    await q.query(`DROP TABLE webhook_delivery_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_events`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
