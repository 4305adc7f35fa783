import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsObject, IsIn, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength,
  ValidateNested,
} from 'class-validator';
import { ItemsCheckedSeparately } from '../../../common/safe-text.pipe';
import { IsDecimalString } from './decimal.decorators';

const DATE = { strict: true } as const;
const DATE_MSG = { message: '$property must be a date YYYY-MM-DD' };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AddressDto {
  @IsOptional() @IsString() @MaxLength(200) line1?: string;
  @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @IsOptional() @IsString() @MaxLength(200) line3?: string;
  @IsOptional() @IsString() @MaxLength(100) city?: string;
  @IsOptional() @IsString() @MaxLength(20) postalCode?: string;
  @IsOptional() @IsString() @MaxLength(100) subdivision?: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 code like "FI"' }) countryCode?: string;
}

export class ContactDto {
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @IsOptional() @IsString() @MaxLength(200) email?: string;
}

export class PartyDto {
  @ApiProperty({ example: 'Acme Oy' }) @IsString() @Length(1, 300) name: string;
  @IsOptional() @IsString() @MaxLength(300) tradingName?: string;
  @ApiPropertyOptional({ example: 'FI02089088' }) @IsOptional() @Matches(/^[A-Z]{2}[0-9A-Z+*.]{2,13}$|^\d{9}MVA$/, { message: '$property must be a VAT id like "FI12345678"' }) vatId?: string;
  @IsOptional() @IsString() @MaxLength(50) taxRegistrationId?: string;
  @IsOptional() @IsString() @MaxLength(50) legalRegistrationId?: string;
  /** BT-30-1 / BT-47-1: scheme of the legal registration (ISO 6523 ICD, e.g. 0106 KvK, 0184 CVR, 0007 SE org. no.). */
  @IsOptional() @Matches(/^[0-9A-Za-z]{1,10}$/, { message: '$property must be a scheme id like "0106"' }) legalRegistrationSchemeId?: string;
  @ApiProperty({ example: 'FI' }) @Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 code like "FI"' }) countryCode: string;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @IsOptional() @Matches(/^[A-Z]{2}\d{2}[A-Z0-9 ]{8,34}$/, { message: '$property must be an IBAN like "FI2112345600000785"' }) iban?: string;
  @IsOptional() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
}

export class AllowanceChargeDto {
  @IsBoolean() chargeIndicator: boolean;
  @IsDecimalString() amount: string;
  @IsDecimalString({ optional: true }) baseAmount?: string;
  @IsDecimalString({ optional: true }) percentage?: string;
  @IsOptional() @Matches(/^(S|Z|E|AE|K|G|O|L|M)$/, { message: '$property must be a VAT category code (S, Z, E, AE, K, G, O, L, M)' }) vatCategory?: string;
  @IsDecimalString({ optional: true }) vatRate?: string;
  @IsOptional() @IsString() @MaxLength(200) reason?: string;
  @IsOptional() @IsString() @MaxLength(10) reasonCode?: string;
}

export class LineDto {
  @ApiProperty({ example: '1' }) @IsString() @Length(1, 50) id: string;
  @IsOptional() @IsString() @MaxLength(1000) description?: string;
  @IsOptional() @IsString() @MaxLength(300) name?: string;
  @IsDecimalString({ example: '2' }) quantity: string;
  @IsOptional() @IsString() @Length(1, 5) unitCode?: string;
  @IsDecimalString({ example: '500.00' }) unitPrice: string;
  @IsDecimalString({ example: '1000.00' }) netAmount: string;
  @ApiProperty({ example: 'S' }) @Matches(/^(S|Z|E|AE|K|G|O|L|M)$/, { message: '$property must be a VAT category code (S, Z, E, AE, K, G, O, L, M)' }) vatCategory: string;
  @IsDecimalString({ optional: true, example: '25.5' }) vatRate?: string;
  @IsOptional() @IsString() @MaxLength(50) poLineReference?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AllowanceChargeDto) allowanceCharges?: AllowanceChargeDto[];
}

export class VatBreakdownDto {
  @ApiProperty({ example: 'S' }) @Matches(/^(S|Z|E|AE|K|G|O|L|M)$/, { message: '$property must be a VAT category code (S, Z, E, AE, K, G, O, L, M)' }) category: string;
  @IsDecimalString({ optional: true, example: '25.5' }) rate?: string;
  @IsDecimalString({ example: '1000.00' }) taxableAmount: string;
  @IsDecimalString({ example: '255.00' }) taxAmount: string;
  @IsOptional() @IsString() @MaxLength(300) exemptionReason?: string;
  @IsOptional() @IsString() @MaxLength(30) exemptionReasonCode?: string;
}

export class TotalsDto {
  @IsDecimalString() lineNetTotal: string;
  @IsDecimalString({ optional: true }) allowanceTotal?: string;
  @IsDecimalString({ optional: true }) chargeTotal?: string;
  @IsDecimalString() taxExclusive: string;
  @IsDecimalString() taxTotal: string;
  @IsDecimalString() taxInclusive: string;
  @IsDecimalString({ optional: true }) prepaid?: string;
  @IsDecimalString({ optional: true }) rounding?: string;
  @IsDecimalString() payable: string;
}

/** The canonical invoice as integrations post it (shared API.md); EN 16931 terms in the type's comments. */
export class CanonicalInvoiceDto {
  @ApiProperty({ example: 'INV-2026-0001' }) @IsString() @Length(1, 100) invoiceNumber: string;
  @ApiProperty({ example: '2026-11-02' }) @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) issueDate: string;
  @ApiProperty({ example: '380' }) @Matches(/^\d{3}$/, { message: '$property must be a UNTDID 1001 code like "380"' }) typeCode: string;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code like "EUR"' }) currency: string;
  @IsOptional() @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) dueDate?: string;
  @IsOptional() @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) taxPointDate?: string;
  @IsOptional() @IsString() @MaxLength(100) purchaseOrderReference?: string;
  @IsOptional() @IsString() @MaxLength(100) buyerReference?: string;
  @IsOptional() @IsString() @MaxLength(100) contractReference?: string;
  @IsOptional() @IsString() @MaxLength(500) paymentTerms?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(2000, { each: true }) notes?: string[];
  @ApiProperty({ type: PartyDto }) @IsObject() @ValidateNested() @Type(() => PartyDto) seller: PartyDto;
  @ApiProperty({ type: PartyDto }) @IsObject() @ValidateNested() @Type(() => PartyDto) buyer: PartyDto;
  @ApiProperty({ type: [LineDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10000) @ValidateNested({ each: true }) @Type(() => LineDto) lines: LineDto[];
  @ApiProperty({ type: [VatBreakdownDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => VatBreakdownDto) vatBreakdown: VatBreakdownDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AllowanceChargeDto) allowanceCharges?: AllowanceChargeDto[];
  @ApiProperty({ type: TotalsDto }) @IsObject() @ValidateNested() @Type(() => TotalsDto) totals: TotalsDto;
}

@ItemsCheckedSeparately('invoices') // one bad invoice fails only itself
export class BatchIntakeDto {
  @ApiProperty({ type: [Object], description: 'Up to 1000 canonical invoices; each is validated and stored on its own' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) invoices: unknown[];
}

export const INVOICE_STATUS_FILTER = ['received', 'validating', 'ready', 'in_review', 'rejected', 'returned_to_supplier', 'duplicate'];
export class ListInvoicesQuery {
  @IsOptional() @IsIn(INVOICE_STATUS_FILTER) status?: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @IsOptional() @Matches(/^[0-9a-f-]{36}$/) supplierId?: string;
  @IsOptional() @Matches(/^([1-9]\d?|[12]\d\d)$/, { message: '$property must be an integer from 1 to 200' }) limit?: string;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
