import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ensureDefaultQueues, ensurePublicHolidays, TriageClock, triageClock } from '@app/triage';
import { AbandonedClaimsService } from './abandoned-claims.service';
import { ExceptionRouteProcessor } from './exception-route.processor';
import { ExceptionTimersRepository } from './exception-timers.repository';
import { ExceptionTimersProcessor } from './exception-timers.processor';
import { ReviewerFillProcessor } from './reviewer-fill.processor';
import { TriageHousekeepingProcessor } from './triage-housekeeping.processor';
import { PriorityRescoreService } from './priority-rescore.service';
import { RoutingFailureService } from './routing-failure.service';
import { SlaTimerService } from './sla-timer.service';
import { TriageReconciliationRepository } from './triage-reconciliation.repository';
import { TriageReconciliationService } from './triage-reconciliation.service';
import { TriageRoutingService } from './triage-routing.service';

/** Routing, SLA timers, abandoned claims, priority re-scoring and queue reconciliation. */
@Module({
  providers: [
    { provide: TriageClock, useValue: triageClock },
    ExceptionTimersRepository,
    TriageReconciliationRepository,
    SlaTimerService,
    TriageRoutingService,
    AbandonedClaimsService,
    TriageReconciliationService,
    PriorityRescoreService,
    RoutingFailureService,
    ExceptionRouteProcessor,
    ExceptionTimersProcessor,
    ReviewerFillProcessor,
    TriageHousekeepingProcessor,
  ],
  exports: [
    TriageClock,
    SlaTimerService,
    TriageRoutingService,
    AbandonedClaimsService,
    TriageReconciliationService,
    PriorityRescoreService,
  ],
})
export class TriageWorkerModule implements OnApplicationBootstrap {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The default queues of the ten countries and the supplier rules, and their countries' holidays, exist before any routing. */
  async onApplicationBootstrap(): Promise<void> {
    await ensureDefaultQueues(this.ds);
    await ensurePublicHolidays(this.ds, triageClock.now());
  }
}
