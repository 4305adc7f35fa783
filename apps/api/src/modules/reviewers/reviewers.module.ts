import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { ReviewersController } from './reviewers.controller';
import { ReviewersService } from './reviewers.service';
import { SubstitutesService } from './substitutes.service';

@Module({
  imports: [ReviewModule],
  controllers: [ReviewersController],
  providers: [ReviewersService, SubstitutesService],
})
export class ReviewersModule {}
