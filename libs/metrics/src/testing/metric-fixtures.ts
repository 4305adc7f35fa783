import { DataSource } from 'typeorm';
import { createIntegration, createStaffUser } from '@app/testing';

/** A few invoices and exceptions at known times, for the metrics repositories' specs. */
export class MetricFixtures {
  private integrationId = '';
  private seq = 0;

  constructor(private readonly ds: DataSource) {}

  async init(): Promise<this> {
    ({ id: this.integrationId } = await createIntegration(this.ds, 'metrics'));
    return this;
  }

  async queue(key: string, country: string | null = null, hourlyCost = '60'): Promise<void> {
    await this.ds.query(
      `INSERT INTO review_queues (key, name, category, country, hourly_cost) VALUES ($1, $1, 'regulatory', $2, $3)
       ON CONFLICT DO NOTHING`,
      [key, country, hourlyCost],
    );
  }

  async supplier(name: string, country = 'FI'): Promise<string> {
    this.seq += 1;
    const [row] = await this.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code) VALUES ($1, $2, $3) RETURNING id`,
      [name, `${country}${String(this.seq).padStart(8, '0')}`, country],
    );
    return row.id;
  }

  reviewer(name: string, timeZone = 'UTC'): Promise<{ id: string }> {
    return createStaffUser(this.ds, { name, reviewer: { countries: ['FI'], capacity: 4, timeZone, weeklyGoal: 10 } });
  }

  /** An invoice received (and, when given, validated and finalized) at the given times. */
  async invoice(
    o: {
      receivedAt: Date;
      validatedAt?: Date;
      country?: string;
      format?: 'json' | 'ubl' | 'cii';
      supplierId?: string;
      payable?: string;
      dueDate?: string;
      finalizedAt?: Date;
      status?: string;
    } = { receivedAt: new Date() },
  ): Promise<string> {
    this.seq += 1;
    const [row] = await this.ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, canonical, buyer_country, supplier_id,
         received_at, validated_at, payable, due_date, finalized_at)
       VALUES ($1, 'api', $2, $3, $4, '{}', $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        this.integrationId,
        o.format ?? 'json',
        o.status ?? (o.validatedAt ? 'in_review' : 'received'),
        `M-${this.seq}`,
        o.country ?? 'FI',
        o.supplierId ?? null,
        o.receivedAt,
        o.validatedAt ?? null,
        o.payable ?? null,
        o.dueDate ?? null,
        o.finalizedAt ?? null,
      ],
    );
    return row.id;
  }

  /** An exception of the invoice; resolved when resolvedAt is given. */
  async exception(
    invoiceId: string,
    queueKey: string,
    o: {
      createdAt: Date;
      resolvedAt?: Date;
      resolvedBy?: string;
      firstClaimedAt?: Date;
      slaDueAt?: Date;
      assigneeId?: string;
      country?: string;
      supplierId?: string;
      handleSeconds?: number;
    },
  ): Promise<string> {
    this.seq += 1;
    const [row] = await this.ds.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, status, created_at, resolved_at, resolved_by,
         first_claimed_at, sla_due_at, assignee_id, country, supplier_id, handle_seconds)
       VALUES ($1, $2, $3, 'regulatory', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        invoiceId,
        `r${this.seq}`,
        queueKey,
        o.resolvedAt ? 'resolved' : o.assigneeId ? 'assigned' : 'open',
        o.createdAt,
        o.resolvedAt ?? null,
        o.resolvedBy ?? null,
        o.firstClaimedAt ?? null,
        o.slaDueAt ?? null,
        o.assigneeId ?? null,
        o.country ?? 'FI',
        o.supplierId ?? null,
        o.handleSeconds ?? 0,
      ],
    );
    return row.id;
  }
}

/** Midnight UTC `days` days before today. */
export const daysAgo = (days: number, hour = 0): Date => {
  const d = new Date();
  d.setUTCHours(hour, 0, 0, 0);
  return new Date(d.getTime() - days * 86_400_000);
};
