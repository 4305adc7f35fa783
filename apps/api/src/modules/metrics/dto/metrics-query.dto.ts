import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Period and filters shared by every metrics endpoint. */
export class MetricsQuery {
  @ApiPropertyOptional({
    description: 'Start of the period (ISO 8601, inclusive); default: 00:00 UTC 29 days before today',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the period (ISO 8601, exclusive); default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ example: 'vat.EE' }) @IsOptional() @IsString() @MaxLength(100) queue?: string;

  @ApiPropertyOptional({ example: 'FI', description: 'Buyer country (ISO 3166-1 alpha-2)' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as FI' })
  country?: string;
}

export class RootCausesQuery extends MetricsQuery {
  @ApiPropertyOptional({ enum: ['supplier', 'country', 'rule'] })
  @IsOptional()
  @IsIn(['supplier', 'country', 'rule'])
  by?: 'supplier' | 'country' | 'rule';
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) minInvoices?: number;
  @ApiPropertyOptional({ enum: ['rate', 'affected'], default: 'rate' })
  @IsOptional()
  @IsIn(['rate', 'affected'])
  sort?: 'rate' | 'affected';
}
