import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { ReviewersController } from './reviewers.controller';
import { ReviewersRepository } from './reviewers.repository';
import { ReviewersService } from './reviewers.service';
import { SubstitutesService } from './substitutes.service';

@Module({
  imports: [ReviewModule],
  controllers: [ReviewersController],
  providers: [ReviewersRepository, ReviewersService, SubstitutesService],
})
export class ReviewersModule {}
