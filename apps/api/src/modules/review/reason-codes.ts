import { Body, Controller, Get, Inject, Injectable, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { DataSource } from 'typeorm';
import { recordAudit } from '@app/persistence';
import { DECISIONS, Sql } from '@app/triage';
import { badRequest } from '../../common/api-error';
import { STATUS_ACTIONS, STATUS_REASONS } from '../invoice-response/invoice-response.code-lists';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import type { ReasonCode, ReasonCodeList } from '@app/contracts';
import { ReasonCodeRow, ReasonCodesRepository } from './reason-codes.repository';

export class ReasonCodeDto {
  @ApiProperty({ example: 'Price agreed by buyer' }) @IsString() @Length(1, 200) label: string;
  @ApiProperty({ enum: DECISIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(DECISIONS as unknown as string[], { each: true })
  decisions: string[];
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100000) sort?: number;
  @ApiPropertyOptional({
    enum: STATUS_REASONS,
    nullable: true,
    description: 'Peppol Invoice Response clarification reason',
  })
  @IsOptional()
  @IsIn(STATUS_REASONS as unknown as string[])
  invoiceResponseReason?: string | null;
  @ApiPropertyOptional({
    enum: STATUS_ACTIONS,
    nullable: true,
    description: 'Peppol Invoice Response action asked of the seller',
  })
  @IsOptional()
  @IsIn(STATUS_ACTIONS as unknown as string[])
  invoiceResponseAction?: string | null;
}

class ReasonCodeListQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'include inactive codes' })
  @IsOptional()
  @IsIn(['true', 'false'])
  all?: string;
}

const view = (r: ReasonCodeRow) => ({
  code: r.code,
  label: r.label,
  decisions: r.decisions,
  active: r.active,
  sort: r.sort,
  invoiceResponseReason: r.invoice_response_reason,
  invoiceResponseAction: r.invoice_response_action,
});

/** The configurable list of reason codes a reviewer picks from when deciding. */
@Injectable()
export class ReasonCodesService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ReasonCodesRepository) private readonly repo: ReasonCodesRepository,
  ) {}

  async list(all = false) {
    const rows = await this.repo.list(all);
    return { items: rows.map(view) };
  }

  async put(p: StaffPrincipal, code: string, dto: ReasonCodeDto) {
    if (!/^[a-z][a-z0-9-]{1,59}$/.test(code))
      throw badRequest('VALIDATION_FAILED', 'Invalid reason code', [
        { path: 'code', issue: 'invalid', expected: 'lower-case letters, digits and dashes (2–60)', actual: code },
      ]);
    return this.ds.transaction(async (em) => {
      const before = await this.repo.lock(em, code);
      const row = await this.repo.upsert(em, {
        code,
        label: dto.label,
        decisions: [...new Set(dto.decisions)],
        active: dto.active ?? true,
        sort: dto.sort ?? before?.sort ?? 0,
        invoice_response_reason: dto.invoiceResponseReason ?? null,
        invoice_response_action: dto.invoiceResponseAction ?? null,
      });
      const id = await this.repo.aggregateId(em, code);
      await recordAudit(em, {
        aggregateType: 'settings',
        aggregateId: id,
        action: before ? 'reason_code_updated' : 'reason_code_created',
        actor: { type: 'staff', id: p.userId },
        data: { code, before: before ? view(before) : null, after: view(row) },
      });
      return view(row);
    });
  }

  /** The code for a decision, or a 400 that says what is allowed. */
  async check(em: Sql, code: string | undefined, decision: string): Promise<string | null> {
    if (code === undefined) return null;
    const row = await this.repo.active(em, code);
    if (!row)
      throw badRequest('UNKNOWN_REASON_CODE', `No active reason code ${code}`, [
        { path: 'reasonCode', issue: 'unknown reason code', expected: 'a code of GET /v1/reason-codes', actual: code },
      ]);
    if (!row.decisions.includes(decision)) {
      throw badRequest('REASON_CODE_NOT_FOR_DECISION', `Reason code ${code} is not a reason to ${decision}`, [
        {
          path: 'reasonCode',
          issue: 'not valid for this decision',
          expected: row.decisions.join('|'),
          actual: decision,
        },
      ]);
    }
    return row.code;
  }
}

@ApiTags('review')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1/reason-codes')
export class ReasonCodesController {
  constructor(@Inject(ReasonCodesService) private readonly codes: ReasonCodesService) {}

  @Get()
  list(@Query() q: ReasonCodeListQuery): Promise<ReasonCodeList> {
    return this.codes.list(q.all === 'true');
  }

  @Put(':code')
  @Roles('manager', 'admin')
  put(@Principal() p: StaffPrincipal, @Param('code') code: string, @Body() body: ReasonCodeDto): Promise<ReasonCode> {
    return this.codes.put(p, code, body);
  }
}
