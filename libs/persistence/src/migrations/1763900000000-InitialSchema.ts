import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The system of record. Money and quantities are NUMERIC without scale so that the exact decimal
 * strings of the document survive; timestamps are timestamptz (UTC on the wire).
 */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    // gen_random_uuid() is built into PostgreSQL >= 13: no extension is created. Extensions are
    // database-wide, so creating one from a per-schema migration raced between parallel test schemas
    // and was dropped with the first schema dropped.
    await q.query(`CREATE TABLE integrations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      key_prefix text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    )`);

    await q.query(`CREATE TABLE staff_users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE,
      name text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('reviewer','manager','admin')),
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    )`);

    await q.query(`CREATE TABLE reviewers (
      id uuid PRIMARY KEY REFERENCES staff_users(id) ON DELETE CASCADE,
      display_name text NOT NULL,
      countries text[] NOT NULL DEFAULT '{}',
      languages text[] NOT NULL DEFAULT '{}',
      categories text[] NOT NULL DEFAULT '{}',
      capacity int NOT NULL DEFAULT 10 CHECK (capacity >= 0),
      availability text NOT NULL DEFAULT 'off' CHECK (availability IN ('online','away','off')),
      time_zone text NOT NULL DEFAULT 'UTC',
      working_hours jsonb NOT NULL DEFAULT '{"days":[1,2,3,4,5],"start":"08:00","end":"17:00"}',
      weekly_goal int NOT NULL DEFAULT 0,
      last_assigned_at timestamptz,
      last_active_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE buying_entities (
      country_code char(2) PRIMARY KEY,
      name text NOT NULL,
      vat_id text NOT NULL,
      time_zone text NOT NULL
    )`);

    await q.query(`CREATE TABLE suppliers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      vat_id text NOT NULL UNIQUE,
      country_code char(2) NOT NULL,
      blocked boolean NOT NULL DEFAULT false,
      blocked_reason text,
      requires_po boolean NOT NULL DEFAULT false,
      price_tolerance_pct numeric NOT NULL DEFAULT 2,
      quantity_tolerance_pct numeric NOT NULL DEFAULT 0,
      payment_terms_days int,
      currency char(3),
      language text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE supplier_bank_accounts (
      supplier_id uuid NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
      iban text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (supplier_id, iban)
    )`);

    await q.query(`CREATE TABLE purchase_orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      supplier_id uuid NOT NULL REFERENCES suppliers(id),
      currency char(3) NOT NULL,
      buyer_country char(2),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE purchase_order_lines (
      purchase_order_id uuid NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
      line_number text NOT NULL,
      description text,
      quantity numeric NOT NULL,
      unit_price numeric NOT NULL,
      PRIMARY KEY (purchase_order_id, line_number)
    )`);
    await q.query(`CREATE TABLE goods_receipts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      purchase_order_id uuid NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
      reference text,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE goods_receipt_lines (
      goods_receipt_id uuid NOT NULL REFERENCES goods_receipts(id) ON DELETE CASCADE,
      po_line_number text NOT NULL,
      quantity_received numeric NOT NULL,
      PRIMARY KEY (goods_receipt_id, po_line_number)
    )`);

    await q.query(`CREATE TABLE invoices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      integration_id uuid NOT NULL REFERENCES integrations(id),
      source text NOT NULL CHECK (source IN ('api','batch','demo')),
      format text NOT NULL CHECK (format IN ('json','ubl','cii')),
      status text NOT NULL CHECK (status IN ('received','validating','ready','in_review','rejected','returned_to_supplier','duplicate')),
      document_kind text NOT NULL DEFAULT 'invoice',
      invoice_number text NOT NULL,
      type_code text,
      issue_date date,
      due_date date,
      currency char(3),
      seller_name text,
      seller_vat_id text,
      seller_country char(2),
      buyer_vat_id text,
      buyer_country char(2),
      supplier_id uuid REFERENCES suppliers(id),
      purchase_order_reference text,
      tax_exclusive numeric,
      tax_total numeric,
      payable numeric,
      canonical jsonb NOT NULL,
      raw_document text,
      raw_content_type text,
      duplicate_of uuid REFERENCES invoices(id),
      validation_runs int NOT NULL DEFAULT 0,
      received_at timestamptz NOT NULL DEFAULT now(),
      validated_at timestamptz,
      finalized_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX invoices_integration_list_idx ON invoices (integration_id, received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX invoices_seller_number_idx ON invoices (seller_vat_id, invoice_number)`);
    await q.query(`CREATE INDEX invoices_received_at_idx ON invoices (received_at)`);
    await q.query(
      `CREATE INDEX invoices_pending_idx ON invoices (updated_at) WHERE status IN ('received','validating')`,
    );

    await q.query(`CREATE TABLE invoice_lines (
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      position int NOT NULL,
      line_id text,
      description text,
      quantity numeric,
      unit_code text,
      unit_price numeric,
      net_amount numeric,
      vat_category text,
      vat_rate numeric,
      po_line_reference text,
      PRIMARY KEY (invoice_id, position)
    )`);
    await q.query(`CREATE TABLE invoice_vat_breakdown (
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      position int NOT NULL,
      category text,
      rate numeric,
      taxable_amount numeric,
      tax_amount numeric,
      PRIMARY KEY (invoice_id, position)
    )`);

    await q.query(`CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      aggregate_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz
    )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE dispatched_at IS NULL`);

    await q.query(`CREATE TABLE idempotency_records (
      integration_id uuid NOT NULL REFERENCES integrations(id),
      key text NOT NULL,
      request_hash text NOT NULL,
      response_status int NOT NULL,
      response_body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (integration_id, key)
    )`);

    await q.query(`CREATE TABLE audit_events (
      id bigserial PRIMARY KEY,
      aggregate_type text NOT NULL,
      aggregate_id uuid NOT NULL,
      action text NOT NULL,
      from_state text,
      to_state text,
      actor_type text NOT NULL CHECK (actor_type IN ('integration','staff','system')),
      actor_id text,
      reason text,
      data jsonb,
      occurred_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX audit_events_aggregate_idx ON audit_events (aggregate_type, aggregate_id, id)`);

    await q.query(`CREATE TABLE review_queues (
      key text PRIMARY KEY,
      name text NOT NULL,
      category text NOT NULL,
      country char(2),
      sla_minutes int NOT NULL DEFAULT 1440 CHECK (sla_minutes > 0),
      warn_at_share numeric NOT NULL DEFAULT 0.75,
      calendar jsonb NOT NULL DEFAULT '{"days":[1,2,3,4,5],"start":"08:00","end":"17:00","holidays":[]}',
      time_zone text NOT NULL DEFAULT 'UTC',
      required_countries text[] NOT NULL DEFAULT '{}',
      required_languages text[] NOT NULL DEFAULT '{}',
      required_categories text[] NOT NULL DEFAULT '{}',
      priority_rule jsonb NOT NULL DEFAULT '{"amountWeight":1,"dueDateWeight":1,"ageWeight":1}',
      four_eyes boolean NOT NULL DEFAULT false,
      four_eyes_amount_threshold numeric,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE exceptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      invoice_id uuid NOT NULL REFERENCES invoices(id),
      route_key text NOT NULL,
      queue_key text NOT NULL REFERENCES review_queues(key),
      category text NOT NULL,
      country char(2),
      supplier_id uuid REFERENCES suppliers(id),
      amount numeric,
      currency char(3),
      status text NOT NULL,
      priority numeric NOT NULL DEFAULT 0,
      assignee_id uuid REFERENCES reviewers(id),
      claimed_at timestamptz,
      first_claimed_at timestamptz,
      last_activity_at timestamptz,
      decision text,
      decision_reason text,
      first_approver_id uuid REFERENCES reviewers(id),
      resolved_by uuid REFERENCES reviewers(id),
      resolved_at timestamptz,
      sla_due_at timestamptz,
      sla_warned_at timestamptz,
      sla_breached_at timestamptz,
      escalated_at timestamptz,
      handle_seconds numeric NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version int NOT NULL DEFAULT 1,
      UNIQUE (invoice_id, route_key)
    )`);
    await q.query(
      `CREATE INDEX exceptions_claimable_idx ON exceptions (queue_key, priority DESC, created_at) WHERE status = 'open' AND assignee_id IS NULL`,
    );
    await q.query(`CREATE INDEX exceptions_assignee_idx ON exceptions (assignee_id) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE INDEX exceptions_invoice_idx ON exceptions (invoice_id)`);
    await q.query(`CREATE INDEX exceptions_created_idx ON exceptions (created_at)`);
    await q.query(`CREATE INDEX exceptions_resolved_idx ON exceptions (resolved_at) WHERE resolved_at IS NOT NULL`);

    await q.query(`CREATE TABLE findings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      exception_id uuid REFERENCES exceptions(id),
      validation_run int NOT NULL,
      rule_id text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('blocking','warning')),
      category text NOT NULL,
      field_path text NOT NULL,
      message text NOT NULL,
      expected text,
      actual text,
      hint text,
      route_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX findings_invoice_idx ON findings (invoice_id, validation_run)`);
    await q.query(`CREATE INDEX findings_exception_idx ON findings (exception_id)`);
    await q.query(`CREATE INDEX findings_rule_idx ON findings (rule_id, created_at)`);

    await q.query(`CREATE TABLE exception_work_periods (
      id bigserial PRIMARY KEY,
      exception_id uuid NOT NULL REFERENCES exceptions(id) ON DELETE CASCADE,
      reviewer_id uuid NOT NULL REFERENCES reviewers(id),
      started_at timestamptz NOT NULL,
      ended_at timestamptz
    )`);
    await q.query(`CREATE INDEX exception_work_periods_exception_idx ON exception_work_periods (exception_id)`);
    await q.query(
      `CREATE INDEX exception_work_periods_reviewer_idx ON exception_work_periods (reviewer_id, started_at)`,
    );

    await q.query(`CREATE TABLE exception_comments (
      id bigserial PRIMARY KEY,
      exception_id uuid NOT NULL REFERENCES exceptions(id) ON DELETE CASCADE,
      author_id uuid NOT NULL REFERENCES staff_users(id),
      text text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE rule_settings (
      key text NOT NULL,
      valid_from date NOT NULL,
      valid_to date,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (key, valid_from)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'rule_settings',
      'exception_comments',
      'exception_work_periods',
      'findings',
      'exceptions',
      'review_queues',
      'audit_events',
      'idempotency_records',
      'outbox',
      'invoice_vat_breakdown',
      'invoice_lines',
      'invoices',
      'goods_receipt_lines',
      'goods_receipts',
      'purchase_order_lines',
      'purchase_orders',
      'supplier_bank_accounts',
      'suppliers',
      'buying_entities',
      'reviewers',
      'staff_users',
      'integrations',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
