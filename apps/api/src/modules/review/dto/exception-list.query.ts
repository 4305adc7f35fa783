import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EXCEPTION_STATUSES } from '@app/triage';

const STATUS_LIST = new RegExp(
  `^(active|${EXCEPTION_STATUSES.join('|')})(,(active|${EXCEPTION_STATUSES.join('|')}))*$`,
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filters of the exception list (all optional, combined with AND). */
export class ExceptionListQuery {
  @ApiPropertyOptional({
    example: 'fi',
    description: "language of finding texts (else Accept-Language, the reviewer's language, en)",
  })
  @IsOptional()
  @IsString()
  lang?: string;
  @ApiPropertyOptional({
    example: 'open,assigned',
    description: `comma list of ${EXCEPTION_STATUSES.join(', ')}; "active" = every status but resolved and superseded (default)`,
  })
  @IsOptional()
  @Matches(STATUS_LIST, { message: `status must be a comma list of active, ${EXCEPTION_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ example: 'vat.FI' }) @IsOptional() @IsString() @MaxLength(100) queue?: string;

  @ApiPropertyOptional({ example: 'FI', description: 'buying country of the exception' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as FI' })
  country?: string;

  @ApiPropertyOptional({ description: 'supplier id' })
  @IsOptional()
  @Matches(UUID, { message: 'supplier must be a supplier id (UUID)' })
  supplier?: string;

  @ApiPropertyOptional({ description: 'reviewer id, "me", or "none" (unassigned)' })
  @IsOptional()
  @Matches(new RegExp(`^(me|none|${UUID.source.slice(1, -1)})$`, 'i'), {
    message: 'assignee must be a reviewer id, "me" or "none"',
  })
  assignee?: string;

  @ApiPropertyOptional({ description: 'only items at least this many hours old' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  minAgeHours?: number;
  @ApiPropertyOptional({ description: 'only items younger than this many hours' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  maxAgeHours?: number;

  @ApiPropertyOptional({ description: 'opened at or after this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;
  @ApiPropertyOptional({ description: 'opened before this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'past the SLA due time (or flagged breached)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  breached?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'text search: invoice number, seller or supplier name, queue, rule id' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['priority', 'oldest', 'newest', 'due'], default: 'priority' })
  @IsOptional()
  @IsIn(['priority', 'oldest', 'newest', 'due'])
  sort?: 'priority' | 'oldest' | 'newest' | 'due';

  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    default: 'json',
    description: 'csv: every matching row (up to 10,000) as text/csv',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
