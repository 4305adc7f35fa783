import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { ClosingDaysService } from './closing-days.service';
import { ClosingDayDto, ClosingDayListQuery, HolidayListQuery } from './dto/closing-day.dto';

/** National holidays (read-only, from the holiday tables) and the company closing days admins add. */
@ApiTags('calendars')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1')
export class CalendarsController {
  constructor(@Inject(ClosingDaysService) private readonly days: ClosingDaysService) {}

  @Get('holidays')
  holidays(@Query() q: HolidayListQuery) {
    return this.days.holidays(q.country, q.year, q.region);
  }

  @Get('closing-days')
  list(@Query() q: ClosingDayListQuery) {
    return this.days.list(q.from);
  }

  @Post('closing-days')
  @Roles('admin')
  add(@Principal() p: StaffPrincipal, @Body() body: ClosingDayDto) {
    return this.days.add(p, body);
  }

  @Delete('closing-days/:id')
  @HttpCode(200)
  @Roles('admin')
  remove(@Principal() p: StaffPrincipal, @Param('id') id: string) {
    return this.days.remove(p, id);
  }
}
