import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SUPPORTED_LANGUAGES, type Language } from '@app/rules';
import { IsOmittable } from '../../../common/optional.decorators';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class WorkingHoursDto {
  @ApiProperty({ example: [1, 2, 3, 4, 5] })
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days: number[];
  @ApiProperty({ example: '08:00' }) @Matches(HHMM, { message: 'start must be HH:MM' }) start: string;
  @ApiProperty({ example: '17:00' }) @Matches(HHMM, { message: 'end must be HH:MM (24:00 allowed)' }) end: string;
}

export class ReviewerProfileDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ example: ['EE', 'FI'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z]{2}$/, { each: true })
  countries?: string[];
  @ApiPropertyOptional({ example: ['et', 'en'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z]{2,3}$/, { each: true })
  languages?: string[];
  /** The language the workbench shows finding texts in (absent: the first supported of `languages`, else English). */
  @ApiPropertyOptional({ enum: SUPPORTED_LANGUAGES, example: 'fi' })
  @IsOmittable()
  @IsIn(SUPPORTED_LANGUAGES)
  uiLanguage?: Language;
  @ApiPropertyOptional({ example: ['regulatory'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  categories?: string[];
  @ApiPropertyOptional({ example: 10 }) @IsOmittable() @IsInt() @Min(0) @Max(1000) capacity?: number;
  @ApiPropertyOptional({ enum: ['online', 'away', 'off'] })
  @IsOmittable()
  @IsIn(['online', 'away', 'off'])
  availability?: 'online' | 'away' | 'off';
  @ApiPropertyOptional({ example: 'Europe/Tallinn' }) @IsOmittable() @IsString() @Length(1, 64) timeZone?: string;
  @ApiPropertyOptional({ type: WorkingHoursDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours?: WorkingHoursDto;
  @ApiPropertyOptional({ example: 150 }) @IsOmittable() @IsInt() @Min(0) @Max(100000) weeklyGoal?: number;
  /** The country whose public holidays are this person's days off (null: none). */
  @ApiPropertyOptional({ example: 'FI', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[A-Z]{2}$/, { message: 'homeCountry must be an ISO 3166 alpha-2 code' })
  homeCountry?: string | null;
  /** Who takes this person's held work while they are away or off (null: the manager's rule picks). */
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all', { message: 'substituteId must be a reviewer id' })
  substituteId?: string | null;
  /** Whether handed-over work comes back when this person is online again (default true). */
  @ApiPropertyOptional({ default: true }) @IsOmittable() @IsBoolean() returnOnComeback?: boolean;
}

/**
 * The profile's rules without its optional `name`: class-validator inherits a parent's decorators, so a
 * redeclared `name` kept the profile's "may be left out" and a new reviewer without a name reached the
 * NOT NULL column (500) instead of getting a 400.
 */
export class CreateReviewerDto extends OmitType(ReviewerProfileDto, ['name'] as const) {
  @ApiProperty() @IsEmail({}, { message: 'email must be an email address' }) email: string;
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  /** Managers create reviewers; only admins grant manager or admin. No password: the person sets their own through the invitation. */
  @ApiPropertyOptional({ enum: ['reviewer', 'manager', 'admin'], description: 'manager and admin only by an admin' })
  @IsOmittable()
  @IsIn(['reviewer', 'manager', 'admin'])
  role?: 'reviewer' | 'manager' | 'admin';
}
