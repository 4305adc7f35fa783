import { DataSource } from 'typeorm';
import { createIntegration, createStaffUser } from '@app/testing';

/** Every day, all day: reviewers made with this are available whenever a spec runs. */
export const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };

export interface QueueInput {
  country?: string | null;
  requiredCountries?: string[];
  slaMinutes?: number;
  calendar?: Record<string, unknown>;
  timeZone?: string;
  routeByCountry?: boolean;
}

export interface ExceptionInput {
  status?: string;
  assigneeId?: string | null;
  firstApproverId?: string | null;
  priority?: number;
  amount?: string | null;
  country?: string | null;
  createdAt?: Date;
  slaStartedAt?: Date | null;
  slaWarnAt?: Date | null;
  slaDueAt?: Date | null;
  resolvedAt?: Date | null;
  decision?: string | null;
  routeKey?: string;
}

/** Rows for the triage repositories' specs, written straight into the tables they read. */
export class TriageFixtures {
  private integrationId = '';
  private seq = 0;

  constructor(readonly ds: DataSource) {}

  async init(): Promise<this> {
    ({ id: this.integrationId } = await createIntegration(this.ds, 'triage'));
    return this;
  }

  async queue(key: string, q: QueueInput = {}): Promise<string> {
    await this.ds.query(
      `INSERT INTO review_queues (key, name, category, country, required_countries, sla_minutes, calendar, time_zone, route_by_country)
       VALUES ($1, $1, 'regulatory', $2, $3, $4, $5, $6, $7)`,
      [
        key,
        q.country ?? null,
        q.requiredCountries ?? [],
        q.slaMinutes ?? 60,
        JSON.stringify(q.calendar ?? ALWAYS),
        q.timeZone ?? 'UTC',
        q.routeByCountry ?? false,
      ],
    );
    return key;
  }

  async invoice(
    o: {
      status?: string;
      country?: string;
      dueDate?: string;
      sellerVatId?: string;
      number?: string;
      runs?: number;
    } = {},
  ): Promise<string> {
    this.seq += 1;
    const [row] = await this.ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, canonical, buyer_country, due_date,
         seller_vat_id, validation_runs)
       VALUES ($1, 'api', 'json', $2, $3, '{}', $4, $5, $6, $7) RETURNING id`,
      [
        this.integrationId,
        o.status ?? 'in_review',
        o.number ?? `T-${this.seq}`,
        o.country ?? 'FI',
        o.dueDate ?? null,
        o.sellerVatId ?? null,
        o.runs ?? 1,
      ],
    );
    return row.id;
  }

  async reviewer(
    o: { countries?: string[]; capacity?: number; availability?: 'online' | 'away' | 'off'; name?: string } = {},
  ): Promise<string> {
    const { id } = await createStaffUser(this.ds, {
      name: o.name,
      reviewer: {
        countries: o.countries ?? ['FI'],
        capacity: o.capacity ?? 10,
        availability: o.availability ?? 'online',
      },
    });
    await this.ds.query(`UPDATE reviewers SET working_hours = $2 WHERE id = $1`, [id, JSON.stringify(ALWAYS)]);
    return id;
  }

  async exception(invoiceId: string, queueKey: string, o: ExceptionInput = {}): Promise<string> {
    this.seq += 1;
    const [row] = await this.ds.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, status, assignee_id, first_approver_id, priority,
         amount, country, created_at, sla_started_at, sla_warn_at, sla_due_at, resolved_at, decision, claimed_at)
       VALUES ($1, $2, $3, 'regulatory', $4, $5, $6, $7, $8, $9, $10::timestamptz, $11, $12, $13, $14, $15, CASE WHEN $5::uuid IS NULL THEN NULL ELSE $10::timestamptz END)
       RETURNING id`,
      [
        invoiceId,
        o.routeKey ?? `${queueKey}#${this.seq}`,
        queueKey,
        o.status ?? (o.assigneeId ? 'assigned' : 'open'),
        o.assigneeId ?? null,
        o.firstApproverId ?? null,
        o.priority ?? 0,
        o.amount ?? null,
        o.country === undefined ? 'FI' : o.country,
        o.createdAt ?? new Date(),
        o.slaStartedAt ?? null,
        o.slaWarnAt ?? null,
        o.slaDueAt ?? null,
        o.resolvedAt ?? null,
        o.decision ?? null,
      ],
    );
    return row.id;
  }

  /** The audit actions written for an aggregate, oldest first. */
  async auditActions(aggregateId: string): Promise<string[]> {
    const rows: { action: string }[] = await this.ds.query(
      `SELECT action FROM audit_events WHERE aggregate_id = $1 ORDER BY id`,
      [aggregateId],
    );
    return rows.map((r) => r.action);
  }
}
