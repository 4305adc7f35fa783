import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '@app/persistence';
import { ROUTE_REASONS } from '@app/queueing';
import {
  ExceptionRow,
  lockException,
  pauseSla,
  resumeInvoicePauses,
  resumeSla,
  SlaPauseError,
  TriageClock,
} from '@app/triage';
import { conflict, notFound } from '../../common/api-error';
import { IntegrationPrincipal } from '../auth/api-key.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { PauseSlaDto, ResumeSlaDto } from './dto/sla-pause.dto';
import { ExceptionAccess, mustHold } from './exception-access';
import { ExceptionReviewRepository } from './exception-review.repository';
import { ReviewActionsService, staffActor } from './review-actions.service';
import { ReviewJobsService } from './review-jobs.service';

/**
 * SLA pauses: the holder (or a manager) stops an item's SLA clock while waiting for the supplier or
 * the buyer; the answer (a reply, a new version of the invoice, or a manual resume) starts it again
 * with the business minutes that were left. Each step is audited with the item.
 */
@Injectable()
export class SlaPauseService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(ReviewActionsService) private readonly actions: ReviewActionsService,
    @Inject(ReviewJobsService) private readonly jobs: ReviewJobsService,
    @Inject(ExceptionReviewRepository) private readonly repo: ExceptionReviewRepository,
    @Inject(ExceptionAccess) private readonly access: ExceptionAccess,
  ) {}

  pause(p: StaffPrincipal, id: string, dto: PauseSlaDto): Promise<ExceptionRow> {
    return this.onItem(p, id, 'pause its SLA', (em, row) =>
      pauseSla(em, row, {
        waitingFor: dto.waitingFor,
        reason: dto.reason,
        actor: staffActor(p),
        now: this.clock.now(),
      }),
    );
  }

  async resume(p: StaffPrincipal, id: string, dto: ResumeSlaDto): Promise<ExceptionRow> {
    const row = await this.onItem(p, id, 'resume its SLA', (em, r) =>
      resumeSla(em, r, { answer: dto.answer ?? 'manual', actor: staffActor(p), now: this.clock.now(), note: dto.note }),
    );
    await this.rearm([row]);
    return row;
  }

  /** The supplier answered through the integration that sent the invoice: its items waiting for the supplier resume. */
  async supplierReply(p: IntegrationPrincipal, invoiceId: string, note?: string) {
    const actor: Actor = { type: 'integration', id: p.integrationId };
    const rows = await this.ds.transaction(async (em) => {
      const inv = /^[0-9a-f-]{36}$/i.test(invoiceId)
        ? await this.repo.lockInvoiceOfIntegration(em, invoiceId, p.integrationId)
        : null;
      if (!inv) throw notFound('Invoice', invoiceId);
      return resumeInvoicePauses(em, inv.id, 'supplier', {
        answer: 'supplier_reply',
        actor,
        now: this.clock.now(),
        note: note ?? null,
      });
    });
    await this.rearm(rows);
    return { invoiceId, resumed: rows.map((r) => r.id) };
  }

  private async onItem(
    p: StaffPrincipal,
    id: string,
    what: string,
    fn: (em: EntityManager, row: ExceptionRow) => Promise<ExceptionRow>,
  ): Promise<ExceptionRow> {
    return this.ds.transaction(async (em) => {
      const row = await this.access.visibleTo(em, p, await lockException(em, this.actions.uuid(id)));
      mustHold(p, row, what);
      try {
        return await fn(em, row);
      } catch (e) {
        if (e instanceof SlaPauseError) throw conflict(e.code, e.message);
        throw e;
      }
    });
  }

  /** New due instants need new timers: the worker schedules them (a route job keeps the SLA it finds). */
  private async rearm(rows: ExceptionRow[]): Promise<void> {
    for (const r of rows) await this.jobs.route(r.id, r.version, ROUTE_REASONS.slaReplanned);
  }
}
