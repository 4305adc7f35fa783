import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { jobIds, JobProducer, OutboxRelayService, QueueName } from '@app/queueing';

const PENDING_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * PostgreSQL is the record: anything the queue layer lost (a crash between commit and enqueue,
 * a Redis flush) is found here and enqueued again under its deterministic job id.
 */
@Injectable()
export class InvoiceReconciliationService {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(OutboxRelayService) private readonly relay: OutboxRelayService,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  async reconcile(staleSeconds = this.cfg.RECONCILE_STALE_SECONDS): Promise<{ relayed: number; requeued: number }> {
    const relayed = await this.relay.relayPending(staleSeconds);
    const stuck: { id: string; validation_runs: number }[] = await this.ds.query(
      `SELECT id, validation_runs FROM invoices WHERE status IN ('received','validating') AND updated_at < now() - make_interval(secs => $1) LIMIT 5000`, [staleSeconds]);
    if (stuck.length) {
      const queue = this.producer.queue(QueueName.InvoiceValidate);
      const fresh: typeof stuck = [];
      for (const s of stuck) {
        const job = await queue.getJob(jobIds.validate(s.id, s.validation_runs + 1));
        const state = job ? await job.getState() : 'missing';
        if (PENDING_STATES.has(state)) continue;
        // A finished or failed job under the same id would swallow the new add: remove it first.
        if (job) await job.remove().catch(() => undefined);
        fresh.push(s);
      }
      await this.producer.addBulk(QueueName.InvoiceValidate, fresh.map((s) => ({
        data: { invoiceId: s.id, run: s.validation_runs + 1 }, opts: { jobId: jobIds.validate(s.id, s.validation_runs + 1) },
      })));
      if (fresh.length) this.logger.warn(`re-enqueued ${fresh.length} invoice(s) stuck in received/validating`);
      return { relayed, requeued: fresh.length };
    }
    return { relayed, requeued: 0 };
  }
}
