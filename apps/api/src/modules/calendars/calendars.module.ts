import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { CalendarsController } from './calendars.controller';
import { ClosingDaysService } from './closing-days.service';

@Module({
  imports: [ReviewModule],
  controllers: [CalendarsController],
  providers: [ClosingDaysService],
})
export class CalendarsModule {}
