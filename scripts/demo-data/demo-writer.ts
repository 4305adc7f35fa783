import { DataSource } from 'typeorm';
import { DemoBatch } from './demo-simulation';

/** Writes a simulated batch with one set-based INSERT per table (jsonb_to_recordset), not row by row. */
export async function writeBatch(ds: DataSource, b: DemoBatch): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query(
      `INSERT INTO invoices (id, integration_id, source, format, status, invoice_number, type_code, issue_date, due_date, currency, seller_name,
        seller_vat_id, seller_country, buyer_vat_id, buyer_country, supplier_id, tax_exclusive, tax_total, payable, canonical, validation_runs,
        received_at, validated_at, finalized_at, updated_at)
      SELECT id, integration_id, 'demo', format, status, invoice_number, '380', issue_date, due_date, currency, seller_name, seller_vat_id, seller_country,
        buyer_vat_id, buyer_country, supplier_id, tax_exclusive, tax_total, payable, canonical, 1, received_at, validated_at, finalized_at,
        coalesce(finalized_at, validated_at)
      FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, integration_id uuid, format text, status text, invoice_number text, issue_date date, due_date date,
        currency char(3), seller_name text, seller_vat_id text, seller_country char(2), buyer_vat_id text, buyer_country char(2), supplier_id uuid,
        tax_exclusive numeric, tax_total numeric, payable numeric, canonical jsonb, received_at timestamptz, validated_at timestamptz, finalized_at timestamptz)`,
      [JSON.stringify(b.invoices)],
    );
    if (b.exceptions.length) {
      await em.query(
        `INSERT INTO exceptions (id, invoice_id, route_key, queue_key, category, country, supplier_id, amount, currency, status, priority, assignee_id,
          claimed_at, first_claimed_at, last_activity_at, decision, decision_reason, resolved_by, resolved_at, sla_started_at, sla_warn_at, sla_due_at, sla_warned_at,
          sla_breached_at, escalated_at, handle_seconds, created_at, updated_at, validation_run)
        SELECT id, invoice_id, route_key, queue_key, category, country, supplier_id, amount, currency, status, priority, assignee_id, claimed_at,
          first_claimed_at, last_activity_at, decision, decision_reason, resolved_by, resolved_at, sla_started_at, sla_warn_at, sla_due_at, sla_warned_at,
          sla_breached_at, escalated_at, handle_seconds, created_at, coalesce(resolved_at, last_activity_at, created_at), 1
        FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, invoice_id uuid, route_key text, queue_key text, category text, country char(2), supplier_id uuid,
          amount numeric, currency char(3), status text, priority numeric, assignee_id uuid, claimed_at timestamptz, first_claimed_at timestamptz,
          last_activity_at timestamptz, decision text, decision_reason text, resolved_by uuid, resolved_at timestamptz, sla_started_at timestamptz,
          sla_warn_at timestamptz, sla_due_at timestamptz, sla_warned_at timestamptz, sla_breached_at timestamptz, escalated_at timestamptz, handle_seconds numeric,
          created_at timestamptz)`,
        [JSON.stringify(b.exceptions)],
      );
    }
    if (b.findings.length) {
      await em.query(
        `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, expected, actual, hint, route_key, created_at)
        SELECT invoice_id, exception_id, 1, rule_id, severity, category, field_path, message, expected, actual, hint, route_key, created_at
        FROM jsonb_to_recordset($1::jsonb) AS x(invoice_id uuid, exception_id uuid, rule_id text, severity text, category text, field_path text, message text,
          expected text, actual text, hint text, route_key text, created_at timestamptz)`,
        [JSON.stringify(b.findings)],
      );
    }
    if (b.periods.length) {
      await em.query(
        `INSERT INTO exception_work_periods (exception_id, reviewer_id, started_at, ended_at)
        SELECT exception_id, reviewer_id, started_at, ended_at FROM jsonb_to_recordset($1::jsonb) AS x(exception_id uuid, reviewer_id uuid, started_at timestamptz, ended_at timestamptz)`,
        [JSON.stringify(b.periods)],
      );
    }
  });
}
