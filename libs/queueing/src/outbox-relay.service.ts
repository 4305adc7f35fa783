import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type BulkJob, JobProducer } from './job-producer';
import { QueueName } from './queue-names';
import { jobIds, type ValidationRun } from './job-catalogue';
import {
  markDispatched,
  PendingOutboxRecord,
  pruneDispatched,
  readUndispatchedOf,
  readUndispatchedOlderThan,
} from './outbox.repository';

/**
 * Moves outbox records (an admin's retry of a failed invoice) onto BullMQ, and intake's fresh invoices
 * (`dispatchFresh`, no record). The API calls `dispatch` right after its commit (fast path); the worker's
 * reconciliation calls `relayPending` for any record a crash left behind. Job ids are
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
   * Dispatch of invoices intake has just committed (never validated: their first run is 1): one `addBulk`,
   * nothing read or written in PostgreSQL. Intake writes no outbox record: the invoice itself, `received`,
   * is the record of the validation it is owed, and a hand-over lost here (a crash, Redis away) is found by
   * the worker's reconciliation (InvoicesRepository.stuck, invoices_pending_idx) and enqueued under the
   * same job id. Same job ids as `dispatch`.
   */
  async dispatchFresh(invoiceIds: string[]): Promise<void> {
    if (!invoiceIds.length) return;
    await this.producer.addBulk(
      QueueName.InvoiceValidate,
      validationJobs(invoiceIds.map((id) => ({ invoiceId: id, run: 1 }))),
    );
  }

  /** Relays records older than `olderThanSeconds` that were never dispatched. Returns how many. */
  async relayPending(olderThanSeconds: number, limit = 5000): Promise<number> {
    const rows = await readUndispatchedOlderThan(this.ds, olderThanSeconds, limit);
    await this.enqueue(rows);
    if (rows.length) this.logger.warn(`relayed ${rows.length} outbox record(s) left undispatched`);
    return rows.length;
  }

  /**
   * Deletes the records dispatched and created more than `retentionSeconds` ago, `batch` at a time from the
   * oldest, at most `maxBatches` batches a call (the rest waits for the next). Returns how many went.
   */
  async pruneDispatched(retentionSeconds: number, batch = 5000, maxBatches = 20): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const { deleted, more } = await pruneDispatched(this.ds, retentionSeconds, batch);
      total += deleted;
      if (!more) break;
    }
    if (total) this.logger.log(`pruned ${total} dispatched outbox record(s) past their retention`);
    return total;
  }

  private async enqueue(rows: PendingOutboxRecord[]): Promise<void> {
    if (!rows.length) return;
    await this.producer.addBulk(
      QueueName.InvoiceValidate,
      validationJobs(rows.map((r) => ({ invoiceId: r.aggregate_id, run: r.validation_runs + 1 }))),
    );
    await markDispatched(
      this.ds,
      rows.map((r) => r.id),
    );
  }
}

/**
 * Invoices per validation job. The worker pays Redis (a job's add, fetch and completion: three scripts) and
 * a start and a verdict transaction per job, so a group of this size pays them once for all its invoices.
 * It matches the worker's default number of invoices in flight, so one job's runs start in one transaction.
 */
export const VALIDATION_GROUP_SIZE = 32;

/**
 * The validation jobs for runs, in order: groups of `VALIDATION_GROUP_SIZE`; a group of one is the plain
 * `validate` job under its per-invoice id (what a single POST, a retry or a correction enqueues).
 */
export function validationJobs(
  runs: ValidationRun[],
  size = VALIDATION_GROUP_SIZE,
): BulkJob<typeof QueueName.InvoiceValidate>[] {
  const jobs: BulkJob<typeof QueueName.InvoiceValidate>[] = [];
  for (let i = 0; i < runs.length; i += size) {
    const group = runs.slice(i, i + size);
    jobs.push(
      group.length === 1
        ? { name: 'validate', data: group[0], opts: { jobId: jobIds.validate(group[0].invoiceId, group[0].run) } }
        : { name: 'validate-group', data: { runs: group }, opts: { jobId: jobIds.validateGroup(group) } },
    );
  }
  return jobs;
}
