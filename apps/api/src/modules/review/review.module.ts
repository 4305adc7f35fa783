import { Module } from '@nestjs/common';
import { TriageClock, triageClock } from '@app/triage';
import { ExceptionDetailService } from './exception-detail.service';
import { ExceptionListService } from './exception-list.service';
import { ReviewActionsService } from './review-actions.service';
import { ReviewJobsService } from './review-jobs.service';
import { ResolveExceptionService } from './resolve-exception.service';
import { ReviewController } from './review.controller';

@Module({
  controllers: [ReviewController],
  providers: [{ provide: TriageClock, useValue: triageClock }, ReviewJobsService, ReviewActionsService, ResolveExceptionService, ExceptionDetailService, ExceptionListService],
  exports: [TriageClock, ReviewJobsService],
})
export class ReviewModule {}
