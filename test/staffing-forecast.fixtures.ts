import { DataSource } from 'typeorm';
import { defaultQueueSettings, ensureQueue } from '@app/triage';

/**
 * Four weeks of history before `until` in vat.EE: `perHour` arrivals every working hour (Monday–Friday
 * 08:00–16:00 UTC), each handled in 20 minutes and resolved; and `backlog` open items now.
 */
export async function seedQueueHistory(
  ds: DataSource,
  integrationId: string,
  o: { until: Date; perHour: number; backlog: number },
): Promise<void> {
  await ensureQueue(ds, defaultQueueSettings('vat.EE'));
  await ds.query(
    `WITH hours AS (
       SELECT h FROM generate_series($2::timestamptz - interval '28 days', $2::timestamptz - interval '1 hour', interval '1 hour') h
       WHERE EXTRACT(ISODOW FROM h AT TIME ZONE 'UTC') < 6 AND EXTRACT(HOUR FROM h AT TIME ZONE 'UTC') BETWEEN 8 AND 15
     ), items AS (SELECT h + (k * interval '1 minute') AS at FROM hours, generate_series(1, $3::int) k),
     inv AS (
       INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, payable, buyer_country, canonical, validation_runs, received_at)
       SELECT $1, 'api', 'json', 'in_review', 'H-' || md5(at::text || random()::text), 'EUR', 100, 'EE', '{}', 1, at FROM items RETURNING id, received_at
     )
     INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, status, created_at, resolved_at, handle_seconds, sla_started_at, sla_due_at, decision)
     SELECT id, 'vat.EE', 'vat.EE', 'regulatory', 'EE', 'resolved', received_at, received_at + interval '30 minutes', 1200, received_at, received_at + interval '1 day', 'approve' FROM inv`,
    [integrationId, o.until, o.perHour],
  );
  await ds.query(
    `WITH inv AS (
       INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, payable, buyer_country, canonical, validation_runs)
       SELECT $1, 'api', 'json', 'in_review', 'B-' || g || '-' || md5(random()::text), 'EUR', 100, 'EE', '{}', 1 FROM generate_series(1, $2::int) g RETURNING id
     )
     INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, status, created_at)
     SELECT id, 'vat.EE', 'vat.EE', 'regulatory', 'EE', 'open', $3 FROM inv`,
    [integrationId, o.backlog, new Date(o.until.getTime() - 3_600_000)],
  );
}
