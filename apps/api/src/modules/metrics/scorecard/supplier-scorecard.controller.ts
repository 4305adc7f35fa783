import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/roles.decorator';
import { StaffAuthGuard } from '../../auth/staff-auth.guard';
import { MetricsQuery } from '../dto/metrics-query.dto';
import { toMetricFilter } from '../metrics-period.util';
import { scorecardHtml } from './scorecard-html';
import { scorecardPdf } from './scorecard-pdf';
import { SupplierScorecardService } from './supplier-scorecard.service';
import type { SupplierCostResponse } from '@app/contracts';

export class SupplierCostQuery extends MetricsQuery {
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class ScorecardQuery extends MetricsQuery {
  @ApiPropertyOptional({ enum: ['json', 'html', 'pdf'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'html', 'pdf'])
  format?: 'json' | 'html' | 'pdf';
}

/** What exceptions cost per supplier, and the scorecard to send them: for managers and admins. */
@ApiTags('metrics')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Roles('manager', 'admin')
@Controller('v1')
export class SupplierScorecardController {
  constructor(@Inject(SupplierScorecardService) private readonly scorecards: SupplierScorecardService) {}

  @Get('metrics/suppliers/cost')
  @ApiOperation({ summary: 'Top suppliers by cost of exceptions (handling + late-payment risk) over the period' })
  async cost(@Query() q: SupplierCostQuery): Promise<SupplierCostResponse> {
    const f = toMetricFilter(q);
    return {
      period: { from: f.from.toISOString(), to: f.to.toISOString() },
      items: await this.scorecards.topByCost(f, q.limit ?? 10),
    };
  }

  @Get('suppliers/:id/scorecard')
  @ApiOperation({ summary: "A supplier's one-page scorecard (JSON, or ?format=html|pdf to print and send)" })
  async scorecard(@Param('id') id: string, @Query() q: ScorecardQuery, @Res() reply: FastifyReply) {
    const card = await this.scorecards.scorecard(id, toMetricFilter(q));
    if (q.format === 'html') return reply.header('content-type', 'text/html; charset=utf-8').send(scorecardHtml(card));
    if (q.format === 'pdf')
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="scorecard-${card.supplier.id}.pdf"`)
        .send(await scorecardPdf(card));
    return reply.send(card);
  }
}
