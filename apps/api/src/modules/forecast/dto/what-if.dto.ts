import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { WorkingHoursDto } from '../../reviewers/dto/reviewer.dto';

export class ExtraReviewersDto {
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(200) count: number;
  @ApiProperty({ example: ['EE'] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[A-Z]{2}$/, { each: true })
  countries: string[];
  @ApiPropertyOptional({ example: ['et'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z]{2,3}$/, { each: true })
  languages?: string[];
  @ApiProperty({ example: ['regulatory'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  categories: string[];
  @ApiProperty({ example: '2026-12-01T08:00:00Z', description: 'they join from this hour on' })
  @IsISO8601()
  from: string;
  @ApiPropertyOptional({ type: WorkingHoursDto, description: 'default Monday–Friday 08:00–17:00' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours?: WorkingHoursDto;
  @ApiPropertyOptional({ example: 'Europe/Tallinn' }) @IsOptional() @IsString() @Length(1, 64) timeZone?: string;
}

export class WhatIfDto {
  @ApiPropertyOptional({ example: 'vat.EE' }) @IsOptional() @IsString() @Length(1, 100) queueKey?: string;
  @ApiPropertyOptional({
    example: 5,
    default: 5,
    description: 'Whole days after today (UTC); the forecast covers the rest of today and these days',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(14)
  days?: number;
  @ApiProperty({ type: [ExtraReviewersDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ExtraReviewersDto)
  add: ExtraReviewersDto[];
}

export class ForecastQuery {
  @ApiPropertyOptional({
    example: 3,
    default: 3,
    description: 'Whole days after today (UTC); the forecast covers the rest of today and these days',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(14)
  days?: number;
}
