import { Body, Controller, Get, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { CreateReviewerDto, ReviewerProfileDto } from './dto/reviewer.dto';
import { ReviewersService } from './reviewers.service';
import type { CreatedReviewer, ReviewerList, ReviewerView } from '@app/contracts';

@ApiTags('reviewers')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1/reviewers')
export class ReviewersController {
  constructor(@Inject(ReviewersService) private readonly reviewers: ReviewersService) {}

  @Get()
  @Roles('manager', 'admin')
  list(): Promise<ReviewerList> {
    return this.reviewers.list();
  }

  @Post()
  @Roles('manager', 'admin')
  create(@Principal() p: StaffPrincipal, @Body() body: CreateReviewerDto): Promise<CreatedReviewer> {
    return this.reviewers.create(p, body);
  }

  /** `me` is the caller; reviewers may change only their own availability. */
  @Get(':id')
  get(@Principal() p: StaffPrincipal, @Param('id') id: string): Promise<ReviewerView> {
    return this.reviewers.get(p, id === 'me' ? p.userId : id);
  }

  @Patch(':id')
  update(
    @Principal() p: StaffPrincipal,
    @Param('id') id: string,
    @Body() body: ReviewerProfileDto,
  ): Promise<ReviewerView> {
    return this.reviewers.update(p, id, body);
  }
}
