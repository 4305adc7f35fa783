import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { DECISIONS, Decision } from '@app/triage';

export class CommentDto {
  @ApiProperty() @IsString() @Length(1, 5000) text: string;
}

export class ReasonDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) reason?: string;
}

export class FieldCorrectionDto {
  @ApiProperty({ example: 'lines[0].vatRate', description: 'canonical JSON path, as in findings' })
  @IsString()
  @Matches(/^[A-Za-z][A-Za-z0-9]*(\[\d{1,4}\])?(\.[A-Za-z][A-Za-z0-9]*(\[\d{1,4}\])?){0,5}$/, {
    message: 'fieldPath must be a canonical path like lines[0].vatRate',
  })
  fieldPath: string;

  @ApiProperty({ nullable: true, example: '24' }) @ValidateIf((_, v) => v !== null) @IsString() @Length(0, 1000) value:
    string | null;
}

export class ResolveDto {
  @ApiProperty({ enum: DECISIONS }) @IsIn(DECISIONS as unknown as string[]) decision: Decision;
  @ApiProperty() @IsString() @Length(1, 2000) reason: string;
  @ApiPropertyOptional({
    example: 'price-agreed-by-buyer',
    description: 'a code of GET /v1/reason-codes valid for the decision',
  })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  reasonCode?: string;

  @ApiPropertyOptional({ type: [FieldCorrectionDto], description: 'required when decision is correct' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldCorrectionDto)
  corrections?: FieldCorrectionDto[];
}

export class ReassignDto {
  @ApiProperty() @IsUUID() reviewerId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) reason?: string;
}

export class BulkActionDto {
  @ApiProperty({ enum: ['reassign', 'release'] }) @IsIn(['reassign', 'release']) action: 'reassign' | 'release';
  @ApiProperty({ type: [String], description: 'exception ids (1–200)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids: string[];
  @ApiPropertyOptional({ description: 'required for reassign' })
  @ValidateIf((o) => o.action === 'reassign')
  @IsUUID()
  reviewerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) reason?: string;
}
