import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { COUNTRY_CODES } from '@app/domain';
import { IsOmittable } from '../../../common/optional.decorators';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class CalendarDto {
  @ApiProperty({ example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 = Monday' })
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days: number[];
  @ApiProperty({ example: '08:00' }) @Matches(HHMM, { message: 'start must be HH:MM' }) start: string;
  @ApiProperty({ example: '17:00' }) @Matches(HHMM, { message: 'end must be HH:MM (24:00 allowed)' }) end: string;
  @ApiPropertyOptional({ example: ['2026-12-24'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays must be YYYY-MM-DD dates' })
  holidays?: string[];
  /** The country whose public holidays close the queue (null: none); omitted on update keeps the current one. */
  @ApiPropertyOptional({ example: 'FI', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(COUNTRY_CODES, {
    message: 'country must be one of our ten countries',
  })
  country?: string | null;
  /** A region with its own holidays (ISO 3166-2 subdivision without the country, e.g. BY for Bavaria). */
  @ApiPropertyOptional({ example: 'BY', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[A-Z0-9]{1,3}$/, { message: 'region must be a subdivision code such as BY' })
  region?: string | null;
}

export class PriorityRuleDto {
  @ApiProperty() @IsNumber() @Min(0) @Max(100) amountWeight: number;
  @ApiProperty() @IsNumber() @Min(0) @Max(100) dueDateWeight: number;
  @ApiProperty() @IsNumber() @Min(0) @Max(100) ageWeight: number;
}

/** Editable settings of a review queue (every field optional on update). */
export class QueueSettingsDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ enum: ['regulatory', 'supplier', 'data-quality'] })
  @IsOmittable()
  @IsIn(['regulatory', 'supplier', 'data-quality'])
  category?: string;
  @ApiPropertyOptional({ example: 'EE' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[A-Z]{2}$/)
  country?: string | null;
  @ApiPropertyOptional({ example: 1440 }) @IsOmittable() @IsInt() @Min(1) @Max(60 * 24 * 365) slaMinutes?: number;
  /** What an hour of review in this queue costs, in EUR (decimal string): the handle-time cost of its exceptions. */
  @ApiPropertyOptional({ example: '45.00' })
  @IsOmittable()
  @Matches(/^\d{1,8}(\.\d{1,2})?$/, { message: 'hourlyCost must be a decimal string such as 45.00' })
  hourlyCost?: string;
  @ApiPropertyOptional({ example: 0.75 }) @IsOmittable() @IsNumber() @Min(0) @Max(1) warnAtShare?: number;
  @ApiPropertyOptional({ type: CalendarDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => CalendarDto)
  calendar?: CalendarDto;
  @ApiPropertyOptional({ example: 'Europe/Tallinn' }) @IsOmittable() @IsString() @Length(1, 64) timeZone?: string;
  @ApiPropertyOptional()
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z]{2}$/, { each: true })
  requiredCountries?: string[];
  @ApiPropertyOptional()
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z]{2,3}$/, { each: true })
  requiredLanguages?: string[];
  @ApiPropertyOptional()
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  requiredCategories?: string[];
  @ApiPropertyOptional({ type: PriorityRuleDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => PriorityRuleDto)
  priorityRule?: PriorityRuleDto;
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() fourEyes?: boolean;
  @ApiPropertyOptional({ example: '50000.00', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^\d{1,15}(\.\d{1,2})?$/, { message: 'fourEyesAmountThreshold must be a decimal string' })
  fourEyesAmountThreshold?: string | null;
  @ApiPropertyOptional({ example: 30 }) @IsOmittable() @IsInt() @Min(1) @Max(24 * 60) claimTimeoutMinutes?: number;
  /** Push first to reviewers who know the invoice's country (default on for supplier and PO queues). */
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() routeByCountry?: boolean;
  /** Minutes after which a country-aware item goes to anyone eligible. */
  @ApiPropertyOptional({ example: 60 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 60)
  countryFallbackMinutes?: number;
}

export class CreateQueueDto extends QueueSettingsDto {
  @ApiProperty({ example: 'vat.EE' })
  @Matches(/^[a-z]+(\.[A-Za-z0-9-]+)?$/, { message: 'key must look like vat.EE or po.price-variance' })
  key: string;
}
