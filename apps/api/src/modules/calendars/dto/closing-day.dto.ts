import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { Type } from 'class-transformer';
import { INVOICE_COUNTRIES } from '@app/triage';

export class ClosingDayDto {
  @ApiProperty({ example: '2026-12-31' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be a YYYY-MM-DD date' })
  day: string;
  @ApiProperty({ example: 'Company day: office move' }) @IsString() @Length(1, 500) reason: string;
  /** Only the queues whose calendar follows this country (and reviewers living there); omitted: every country. */
  @ApiPropertyOptional({ example: 'FI', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(INVOICE_COUNTRIES, { message: 'country must be one of our ten countries' })
  country?: string | null;
  /** Only this queue; omitted: every queue. */
  @ApiPropertyOptional({ example: 'vat.FI', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 100)
  queueKey?: string | null;
}

export class HolidayListQuery {
  @ApiPropertyOptional({ example: 'FI', description: 'omitted: each of our ten countries' })
  @IsOptional()
  @IsIn(INVOICE_COUNTRIES, { message: 'country must be one of our ten countries' })
  country?: string;
  @ApiPropertyOptional({ example: 2026, description: 'omitted: this year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  year?: number;
  @ApiPropertyOptional({ example: 'BY' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{1,3}$/, { message: 'region must be a subdivision code such as BY' })
  region?: string;
}

export class ClosingDayListQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'from this day on (default: today)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a YYYY-MM-DD date' })
  from?: string;
}
