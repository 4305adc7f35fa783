import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvoicesRepository } from '@app/persistence';
import { OutboxRelayService } from '@app/queueing';
import { retryFailedInvoice, triageClock } from '@app/triage';
import { notFound } from '../../common/api-error';
import { StaffPrincipal } from '../auth/staff-principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An admin sends a failed invoice through validation again, after fixing what made it fail. */
@Injectable()
export class InvoiceRetryService {
  private readonly logger = new Logger('InvoiceRetry');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(OutboxRelayService) private readonly relay: OutboxRelayService,
    @Inject(InvoicesRepository) private readonly invoices: InvoicesRepository,
  ) {}

  async retry(p: StaffPrincipal, invoiceId: string, reason: string | null) {
    if (!UUID.test(invoiceId)) throw notFound('Invoice', invoiceId);
    const result = await this.ds.transaction(async (em) => {
      if (!(await this.invoices.exists(em, invoiceId))) throw notFound('Invoice', invoiceId);
      return retryFailedInvoice(em, invoiceId, { type: 'staff', id: p.userId }, reason, triageClock.now());
    });
    // The outbox record committed with the retry: if this fast path is lost, reconciliation relays it.
    await this.relay
      .dispatch([invoiceId])
      .catch((e) => this.logger.warn(`enqueue failed, reconciliation will relay: ${(e as Error).message}`));
    return { id: invoiceId, status: 'received', run: result.run };
  }
}
