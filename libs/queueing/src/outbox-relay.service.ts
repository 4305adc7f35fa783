import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobProducer } from './job-producer';
import { QueueName } from './queue-names';
import { jobIds } from './job-catalogue';
import {
  markDispatched,
  markReceivedDispatched,
  PendingOutboxRecord,
  readUndispatchedOf,
  readUndispatchedOlderThan,
} from './outbox.repository';

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
    await this.enqueue(await readUndispatchedOf(this.ds, invoiceIds));
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
    await markReceivedDispatched(this.ds, invoiceIds);
  }

  /** Relays records older than `olderThanSeconds` that were never dispatched. Returns how many. */
  async relayPending(olderThanSeconds: number, limit = 5000): Promise<number> {
    const rows = await readUndispatchedOlderThan(this.ds, olderThanSeconds, limit);
    await this.enqueue(rows);
    if (rows.length) this.logger.warn(`relayed ${rows.length} outbox record(s) left undispatched`);
    return rows.length;
  }

  private async enqueue(rows: PendingOutboxRecord[]): Promise<void> {
    if (!rows.length) return;
    await this.producer.addBulk(
      QueueName.InvoiceValidate,
      rows.map((r) => ({
        name: 'validate' as const,
        data: { invoiceId: r.aggregate_id, run: r.validation_runs + 1 },
        opts: { jobId: jobIds.validate(r.aggregate_id, r.validation_runs + 1) },
      })),
    );
    await markDispatched(
      this.ds,
      rows.map((r) => r.id),
    );
  }
}
