import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsDecimalString } from '../../intake/dto/decimal.decorators';

export class CreateSupplierDto {
  @ApiProperty({ example: 'Acme Oy' }) @IsString() @Length(1, 300) name: string;
  @ApiProperty({ example: 'FI02089088' })
  @Matches(/^[A-Z]{2}[0-9A-Z+*.]{2,13}$|^\d{9}MVA$/, { message: '$property must be a VAT id like "FI02089088"' })
  vatId: string;
  @ApiProperty({ example: 'FI' })
  @Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 code' })
  countryCode: string;
  @ApiPropertyOptional({ type: [String], example: ['FI2112345600000785'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  bankAccounts?: string[];
  @IsOptional() @IsBoolean() requiresPo?: boolean;
  @IsDecimalString({ optional: true, example: '2' }) priceTolerancePct?: string;
  @IsDecimalString({ optional: true, example: '0' }) quantityTolerancePct?: string;
  @IsOptional() @IsInt() @Min(0) @Max(365) paymentTermsDays?: number;
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code' }) currency?: string;
  @IsOptional() @Matches(/^[a-z]{2}$/, { message: '$property must be an ISO 639-1 code like "fi"' }) language?: string;
  @IsOptional() @IsBoolean() blocked?: boolean;
  @IsOptional() @IsString() @Length(1, 500) blockedReason?: string;
}

export class UpdateSupplierDto extends PartialType(CreateSupplierDto) {
  @ApiPropertyOptional({ description: 'Why the change was made (kept in the audit trail)' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
