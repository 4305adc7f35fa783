import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { IsDecimalString } from '../../intake/dto/decimal.decorators';

export class PurchaseOrderLineDto {
  @ApiProperty({ example: '1' }) @IsString() @Length(1, 50) lineNumber: string;
  @IsOptional() @IsString() @Length(0, 500) description?: string;
  @IsDecimalString({ example: '2' }) quantity: string;
  @IsDecimalString({ example: '500.00' }) unitPrice: string;
}

export class CreatePurchaseOrderDto {
  @ApiProperty({ example: 'PO-778' }) @IsString() @Length(1, 100) number: string;
  @ApiProperty() @IsUUID('all', { message: '$property must be a supplier id (UUID)' }) supplierId: string;
  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code' })
  currency: string;
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 code' })
  buyerCountry?: string;
  @ApiProperty({ type: [PurchaseOrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLineDto)
  lines: PurchaseOrderLineDto[];
}

export class GoodsReceiptLineDto {
  @ApiProperty({ example: '1' }) @IsString() @Length(1, 50) poLineNumber: string;
  @IsDecimalString({ example: '2' }) quantityReceived: string;
}

export class CreateGoodsReceiptDto {
  @ApiProperty({ example: 'PO-778' }) @IsString() @Length(1, 100) purchaseOrderNumber: string;
  @IsOptional() @IsString() @Length(1, 100) reference?: string;
  @IsOptional() @IsISO8601({ strict: true }) receivedAt?: string;
  @ApiProperty({ type: [GoodsReceiptLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GoodsReceiptLineDto)
  lines: GoodsReceiptLineDto[];
}
