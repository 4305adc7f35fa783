import { Module } from '@nestjs/common';
import { TriageClock, triageClock } from '@app/triage';
import { ExceptionDetailService } from './exception-detail.service';
import { ExceptionListService } from './exception-list.service';
import { ExceptionContextService } from './context/exception-context.service';
import { ReviewActionsService } from './review-actions.service';
import { ReviewJobsService } from './review-jobs.service';
import { ResolveExceptionService } from './resolve-exception.service';
import { ReviewController } from './review.controller';
import { ReasonCodesController, ReasonCodesService } from './reason-codes';

@Module({
  controllers: [ReviewController, ReasonCodesController],
  providers: [
    { provide: TriageClock, useValue: triageClock },
    ReviewJobsService,
    ReviewActionsService,
    ResolveExceptionService,
    ExceptionDetailService,
    ExceptionListService,
    ExceptionContextService,
    ReasonCodesService,
  ],
  exports: [TriageClock, ReviewJobsService],
})
export class ReviewModule {}
