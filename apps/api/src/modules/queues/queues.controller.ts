import { Body, Controller, Get, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { CreateQueueDto, QueueSettingsDto } from './dto/queue-settings.dto';
import { QueuesService } from './queues.service';
import type { QueueChangeResult, QueueList, QueueView } from '@app/contracts';

@ApiTags('queues')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1/queues')
export class QueuesController {
  constructor(@Inject(QueuesService) private readonly queues: QueuesService) {}

  /** Every queue with open, unassigned, oldest age, at-risk and breached counts. */
  @Get()
  list(): Promise<QueueList> {
    return this.queues.list();
  }

  @Get(':key')
  get(@Param('key') key: string): Promise<QueueView> {
    return this.queues.get(key);
  }

  @Post()
  @Roles('manager', 'admin')
  create(@Principal() p: StaffPrincipal, @Body() body: CreateQueueDto): Promise<QueueChangeResult> {
    return this.queues.create(p, body);
  }

  @Patch(':key')
  @Roles('manager', 'admin')
  update(
    @Principal() p: StaffPrincipal,
    @Param('key') key: string,
    @Body() body: QueueSettingsDto,
  ): Promise<QueueChangeResult> {
    return this.queues.update(p, key, body);
  }
}
