import { MigrationInterface, QueryRunner } from 'typeorm';
import { PER_ROW_WEBHOOK_TRIGGER, WEBHOOK_EVENTS_FROM_AUDIT_FUNCTION } from './1765300000000-Webhooks';

/**
 * Webhook events are written per audit statement instead of per audit row. The per-row trigger ran a
 * PL/pgSQL call, a look-up of the invoice and an insert for every audited state change it matched: every
 * verdict, 25 µs an audit row here, more than the audit row itself (2,000 verdict audit rows, EXPLAIN ANALYZE:
 * 75 ms with the trigger, 21 ms without), even when no integration has an endpoint. Now one trigger call per
 * statement reads the statement's new rows (a transition table): when no endpoint is active it returns after
 * one probe of `webhook_endpoints`; otherwise one set-based insert writes the same events as before (same
 * types, payloads and conflict rule), in the order of the audit rows. The per-row function goes with its
 * trigger; `down` puts both back from `Webhooks1765300000000`.
 */
export class WebhookEventsPerStatement1765600000000 implements MigrationInterface {
  name = 'WebhookEventsPerStatement1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION webhook_events_from_audit_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active) THEN RETURN NULL; END IF;
        INSERT INTO webhook_events (event_type, integration_id, invoice_id, audit_event_id, payload, occurred_at)
        SELECT t.type, inv.integration_id, inv.id, n.id,
               jsonb_strip_nulls(jsonb_build_object(
                 'invoiceId', inv.id, 'invoiceNumber', inv.invoice_number,
                 'status', CASE WHEN n.aggregate_type = 'invoice' THEN n.to_state ELSE inv.status END,
                 'previousStatus', CASE WHEN n.aggregate_type = 'invoice' THEN n.from_state END,
                 'exceptionId', CASE WHEN n.aggregate_type = 'exception' THEN n.aggregate_id END,
                 'decision', n.data->>'decision', 'reasonCode', n.data->>'reasonCode',
                 'action', n.action, 'actor', n.actor_type)),
               n.occurred_at
        FROM new_rows n
        CROSS JOIN LATERAL (
          SELECT CASE WHEN n.aggregate_type = 'invoice' THEN
                   (CASE WHEN n.from_state = 'validating' THEN ARRAY['invoice.validated'] ELSE '{}'::text[] END)
                   || (CASE WHEN n.from_state IS DISTINCT FROM n.to_state
                            THEN ARRAY[CASE n.to_state WHEN 'returned_to_supplier' THEN 'invoice.returned'
                                                       ELSE 'invoice.' || n.to_state END]
                            ELSE '{}'::text[] END)
                 WHEN n.from_state IS DISTINCT FROM 'resolved' THEN ARRAY['exception.resolved']
                 ELSE '{}'::text[] END AS types,
                 CASE WHEN n.aggregate_type = 'invoice' THEN n.aggregate_id
                      ELSE (SELECT x.invoice_id FROM exceptions x WHERE x.id = n.aggregate_id) END AS invoice_id
        ) w
        JOIN invoices inv ON inv.id = w.invoice_id
        CROSS JOIN LATERAL unnest(w.types) WITH ORDINALITY AS t(type, k)
        WHERE n.aggregate_type IN ('invoice', 'exception')
          AND n.to_state IN ('ready', 'in_review', 'rejected', 'returned_to_supplier', 'resolved')
          AND EXISTS (SELECT 1 FROM webhook_endpoints e
                      WHERE e.integration_id = inv.integration_id AND e.active AND t.type = ANY (e.event_types))
        ORDER BY n.id, t.k
        ON CONFLICT (audit_event_id, event_type) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER audit_events_webhooks ON audit_events`);
    await q.query(`DROP FUNCTION webhook_events_from_audit()`);
    await q.query(`CREATE TRIGGER audit_events_webhooks AFTER INSERT ON audit_events
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_events_from_audit_rows()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_events_webhooks ON audit_events`);
    await q.query(`DROP FUNCTION webhook_events_from_audit_rows()`);
    await q.query(WEBHOOK_EVENTS_FROM_AUDIT_FUNCTION);
    await q.query(PER_ROW_WEBHOOK_TRIGGER);
  }
}
