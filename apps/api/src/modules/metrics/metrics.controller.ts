import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { METRIC_DEFINITIONS, queryQueues, queryReviewers, queryRootCauses, querySummary } from '@app/metrics';
import { readPipelineState } from '@app/queueing';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { isManager, StaffPrincipal } from '../auth/staff-principal';
import { MetricsQuery, RootCausesQuery } from './dto/metrics-query.dto';
import { toMetricFilter } from './metrics-period.util';
import { exactPercentileLimit } from './metrics-settings';
import type { MetricsSummary, QueueMetricsResponse, ReviewerMetricsResponse, RootCausesResponse } from '@app/contracts';

/** Operational metrics. Managers and admins see everything; a reviewer sees figures of their own work. */
@ApiTags('metrics')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1/metrics')
export class MetricsController {
  private readonly exactLimit = exactPercentileLimit();

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @Get('summary')
  @ApiOperation({
    summary:
      'Received, touchless rate, exceptions opened/resolved, resolution/wait/handle p50/p90/p95, SLA attainment, throughput, daily series',
  })
  async summary(@Query() q: MetricsQuery, @Principal() p: StaffPrincipal): Promise<MetricsSummary> {
    const f = toMetricFilter(q);
    if (!isManager(p)) return querySummary(this.ds, { ...f, reviewerId: p.userId }, this.exactLimit);
    // Managers also see whether the pipeline moves right now (not a period figure): waiting, oldest wait, failed.
    const [summary, pipeline] = await Promise.all([
      querySummary(this.ds, f, this.exactLimit),
      readPipelineState(this.ds),
    ]);
    return {
      ...summary,
      pipeline: {
        unvalidated: pipeline.unvalidated,
        oldestUnvalidatedSeconds: Math.round(pipeline.oldestUnvalidatedSeconds),
        failed: pipeline.failed,
      },
    };
  }

  @Get('reviewers')
  @ApiOperation({
    summary:
      'Per reviewer: open items, capacity, utilisation, resolved today/this week, median handle time, goal progress, availability',
  })
  reviewers(@Query() q: MetricsQuery, @Principal() p: StaffPrincipal): Promise<ReviewerMetricsResponse> {
    return queryReviewers(this.ds, { ...toMetricFilter(q), onlyReviewerId: isManager(p) ? undefined : p.userId });
  }

  @Get('queues')
  @Roles('manager', 'admin')
  @ApiOperation({ summary: 'Per review queue: backlog, ageing buckets, SLA risk, arrival and service rates' })
  queues(@Query() q: MetricsQuery): Promise<QueueMetricsResponse> {
    return queryQueues(this.ds, toMetricFilter(q));
  }

  @Get('root-causes')
  @Roles('manager', 'admin')
  @ApiOperation({ summary: 'Exception rate by supplier, buyer country or rule' })
  rootCauses(@Query() q: RootCausesQuery): Promise<RootCausesResponse> {
    return queryRootCauses(this.ds, {
      ...toMetricFilter(q),
      by: q.by ?? 'supplier',
      limit: q.limit ?? 20,
      minInvoices: q.minInvoices ?? 10,
      sort: q.sort ?? 'rate',
    });
  }

  @Get('definitions')
  @ApiOperation({ summary: 'How each figure is computed' })
  definitions() {
    return METRIC_DEFINITIONS;
  }
}
