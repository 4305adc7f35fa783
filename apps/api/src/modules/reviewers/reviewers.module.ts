import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { ReviewersController } from './reviewers.controller';
import { ReviewersService } from './reviewers.service';

@Module({
  imports: [ReviewModule],
  controllers: [ReviewersController],
  providers: [ReviewersService],
})
export class ReviewersModule {}
