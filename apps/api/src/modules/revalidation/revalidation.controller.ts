import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { JobProducer, QueueName, type RevalidatePayload } from '@app/queueing';
import { notFound } from '../../common/api-error';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';

/** Invoice states a re-run may touch: the open ones (an invoice in review). */
const OPEN_STATES = ['in_review'] as const;

class RevalidateDto {
  @ApiPropertyOptional({ enum: OPEN_STATES, isArray: true, default: OPEN_STATES })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(OPEN_STATES as unknown as string[], { each: true })
  status?: 'in_review'[];
  @ApiPropertyOptional({ description: 'buying entity country (ISO 3166-1 alpha-2)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}$/)
  country?: string;
  @ApiPropertyOptional({ description: 'received at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  receivedFrom?: string;
  @ApiPropertyOptional({ description: 'received before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  receivedTo?: string;
  @ApiPropertyOptional({ default: 10000 }) @IsOptional() @IsInt() @Min(1) @Max(100000) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) reason?: string;
}

const JOB_ID = /^revalidate-[0-9a-f-]{36}$/;

/** After a rule pack or settings change an admin re-runs the rules on open invoices and reads what changed. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1/admin/revalidate')
export class RevalidationController {
  constructor(@Inject(JobProducer) private readonly producer: JobProducer) {}

  @Post()
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Run the rules again on open invoices (filters: status, country, received from/to); BullMQ work with progress',
  })
  async start(@Principal() p: StaffPrincipal, @Body() body: RevalidateDto) {
    const jobId = `revalidate-${randomUUID()}`;
    const data: RevalidatePayload = {
      requestedBy: p.userId,
      reason: body.reason ?? null,
      limit: body.limit ?? 10000,
      filters: {
        status: body.status ?? [...OPEN_STATES],
        country: body.country ?? null,
        receivedFrom: body.receivedFrom ?? null,
        receivedTo: body.receivedTo ?? null,
      },
    };
    await this.producer.add(QueueName.AdminRevalidate, 'revalidate', data, {
      jobId,
      removeOnComplete: { age: 7 * 86400 },
      removeOnFail: { age: 7 * 86400 },
    });
    return { jobId, status: 'queued', filters: data.filters };
  }

  /** Progress `{done, total}` while it runs; the report (newly clean, newly blocked, unchanged, ids) when done. */
  @Get(':jobId')
  @Roles('admin')
  async get(@Param('jobId') jobId: string) {
    if (!JOB_ID.test(jobId)) throw notFound('Revalidation', jobId);
    const queue = this.producer.queue(QueueName.AdminRevalidate);
    // The state is read before the job: read after it, a job that finished in between would say
    // "completed" while the copy in hand still has no return value (the report came back null).
    const state = await queue.getJobState(jobId);
    const job = state === 'unknown' ? undefined : await queue.getJob(jobId);
    if (!job) throw notFound('Revalidation', jobId);
    return {
      jobId,
      state,
      progress: job.progress ?? null,
      filters: (job.data as RevalidatePayload).filters,
      report: state === 'completed' ? job.returnvalue : null,
      error: state === 'failed' ? job.failedReason : null,
      requestedAt: new Date(job.timestamp).toISOString(),
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }
}
