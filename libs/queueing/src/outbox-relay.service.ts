import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobProducer } from './job-producer';
import { QueueName } from './queue-names';
import { jobIds } from './job-catalogue';

/**
 * Moves outbox records onto BullMQ. The API calls `dispatch` right after its commit (fast path);
 * the worker's reconciliation calls `relayPending` for anything a crash left behind. Job ids are
 * deterministic, so a record relayed twice yields one job.
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
  ) {}

  async dispatch(invoiceIds: string[]): Promise<void> {
    if (!invoiceIds.length) return;
    const rows: { id: string; aggregate_id: string; validation_runs: number }[] = await this.ds.query(
      `SELECT o.id, o.aggregate_id, i.validation_runs FROM outbox o JOIN invoices i ON i.id = o.aggregate_id
       WHERE o.aggregate_id = ANY($1::uuid[]) AND o.dispatched_at IS NULL AND o.topic = 'invoice.received'`,
      [invoiceIds],
    );
    await this.enqueue(rows);
  }

  /**
   * Dispatch of invoices this process has just committed (never validated: their first run is 1): no
   * look-up before the enqueue, one UPDATE after it (outbox_aggregate_idx). Same job ids as `dispatch`.
   */
  async dispatchFresh(invoiceIds: string[]): Promise<void> {
    if (!invoiceIds.length) return;
    await this.producer.addBulk(
      QueueName.InvoiceValidate,
      invoiceIds.map((id) => ({
        name: 'validate' as const,
        data: { invoiceId: id, run: 1 },
        opts: { jobId: jobIds.validate(id, 1) },
      })),
    );
    await this.ds.query(
      `UPDATE outbox SET dispatched_at = now() WHERE aggregate_id = ANY($1::uuid[]) AND dispatched_at IS NULL AND topic = 'invoice.received'`,
      [invoiceIds],
    );
  }

  /** Relays records older than `olderThanSeconds` that were never dispatched. Returns how many. */
  async relayPending(olderThanSeconds: number, limit = 5000): Promise<number> {
    const rows: { id: string; aggregate_id: string; validation_runs: number }[] = await this.ds.query(
      `SELECT o.id, o.aggregate_id, i.validation_runs FROM outbox o JOIN invoices i ON i.id = o.aggregate_id
       WHERE o.dispatched_at IS NULL AND o.created_at < now() - make_interval(secs => $1) ORDER BY o.id LIMIT $2`,
      [olderThanSeconds, limit],
    );
    await this.enqueue(rows);
    if (rows.length) this.logger.warn(`relayed ${rows.length} outbox record(s) left undispatched`);
    return rows.length;
  }

  private async enqueue(rows: { id: string; aggregate_id: string; validation_runs: number }[]): Promise<void> {
    if (!rows.length) return;
    await this.producer.addBulk(
      QueueName.InvoiceValidate,
      rows.map((r) => ({
        name: 'validate' as const,
        data: { invoiceId: r.aggregate_id, run: r.validation_runs + 1 },
        opts: { jobId: jobIds.validate(r.aggregate_id, r.validation_runs + 1) },
      })),
    );
    await this.ds.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [
      rows.map((r) => r.id),
    ]);
  }
}
