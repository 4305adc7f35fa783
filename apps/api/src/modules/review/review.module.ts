import { Module } from '@nestjs/common';
import { TriageClock, triageClock } from '@app/triage';
import { ExceptionDetailService } from './exception-detail.service';
import { ExceptionListService } from './exception-list.service';
import { ExceptionContextService } from './context/exception-context.service';
import { DecisionHistoryRepository } from './context/decision-history.repository';
import { ExceptionContextRepository } from './context/exception-context.repository';
import { ExceptionAccess } from './exception-access';
import { ExceptionDetailRepository } from './exception-detail.repository';
import { ExceptionListRepository } from './exception-list.repository';
import { ExceptionReviewRepository } from './exception-review.repository';
import { ReasonCodesRepository } from './reason-codes.repository';
import { ReviewActionsService } from './review-actions.service';
import { ReviewJobsService } from './review-jobs.service';
import { ResolveExceptionService } from './resolve-exception.service';
import { ReviewController } from './review.controller';
import { ReasonCodesController, ReasonCodesService } from './reason-codes';
import { SlaPauseController, SupplierReplyController } from './sla-pause.controller';
import { SlaPauseService } from './sla-pause.service';

@Module({
  controllers: [ReviewController, ReasonCodesController, SlaPauseController, SupplierReplyController],
  providers: [
    { provide: TriageClock, useValue: triageClock },
    ExceptionReviewRepository,
    ExceptionDetailRepository,
    ExceptionListRepository,
    ExceptionContextRepository,
    ReasonCodesRepository,
    ExceptionAccess,
    ReviewJobsService,
    ReviewActionsService,
    ResolveExceptionService,
    ExceptionDetailService,
    ExceptionListService,
    ExceptionContextService,
    DecisionHistoryRepository,
    ReasonCodesService,
    SlaPauseService,
  ],
  exports: [TriageClock, ReviewJobsService],
})
export class ReviewModule {}
