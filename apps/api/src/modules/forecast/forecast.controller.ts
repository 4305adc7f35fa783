import { Body, Controller, Get, HttpCode, Inject, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { ForecastQuery, WhatIfDto } from './dto/what-if.dto';
import { ForecastService } from './forecast.service';
import type { ForecastResponse, WhatIfForecastResponse } from '@app/contracts';

@ApiTags('forecast')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1/forecast')
export class ForecastController {
  constructor(@Inject(ForecastService) private readonly forecast: ForecastService) {}

  /** Per queue: arrivals, capacity, backlog and predicted SLA attainment for the next days; last week's forecast vs actual. */
  @Get()
  @Roles('manager', 'admin')
  overview(@Query() q: ForecastQuery): Promise<ForecastResponse> {
    return this.forecast.overview(q.days);
  }

  /** The same forecast with extra reviewers (skills, from an hour on), beside the baseline. */
  @Post('what-if')
  @HttpCode(200)
  @Roles('manager', 'admin')
  whatIf(@Body() body: WhatIfDto): Promise<WhatIfForecastResponse> {
    return this.forecast.whatIf(body);
  }
}
