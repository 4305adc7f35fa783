import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { CalendarsController } from './calendars.controller';
import { ClosingDaysRepository } from './closing-days.repository';
import { ClosingDaysService } from './closing-days.service';

@Module({
  imports: [ReviewModule],
  controllers: [CalendarsController],
  providers: [ClosingDaysService, ClosingDaysRepository],
})
export class CalendarsModule {}
