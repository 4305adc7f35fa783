import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type {
  CanonicalAddress,
  CanonicalAllowanceCharge,
  CanonicalDocumentReference,
  CanonicalInvoice,
  CanonicalLine,
  CanonicalParty,
  CanonicalPaymentMeans,
  CanonicalTotals,
  CanonicalVatBreakdown,
} from '@app/domain';
import { ItemsCheckedSeparately } from '../../../common/safe-text.pipe';
import { IsDecimalString } from './decimal.decorators';

const DATE = { strict: true } as const;
const DATE_MSG = { message: '$property must be a date YYYY-MM-DD' };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const CATEGORY = /^(S|Z|E|AE|K|G|O|L|M|B)$/;
const CATEGORY_MSG = { message: '$property must be a VAT category code (S, Z, E, AE, K, G, O, L, M, B)' };
const COUNTRY_MSG = { message: '$property must be an ISO 3166-1 alpha-2 code like "FI"' };

export class AddressDto implements CanonicalAddress {
  @IsOptional() @IsString() @MaxLength(200) line1?: string;
  @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @IsOptional() @IsString() @MaxLength(200) line3?: string;
  @IsOptional() @IsString() @MaxLength(100) city?: string;
  @IsOptional() @IsString() @MaxLength(20) postalCode?: string;
  @IsOptional() @IsString() @MaxLength(100) subdivision?: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/, COUNTRY_MSG) countryCode?: string;
}

export class ContactDto {
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @IsOptional() @IsString() @MaxLength(200) email?: string;
}

/** An identifier with its scheme (BT-29 party id, BT-34 electronic address, BT-157 item id). */
export class IdentifierDto {
  @IsString() @Length(1, 200) id: string;
  @IsOptional() @IsString() @MaxLength(35) schemeId?: string;
}

/** Party fields every party may carry; seller and buyer also need a name and a country (PartyDto). */
abstract class PartyFieldsDto {
  @IsOptional() @IsString() @MaxLength(300) tradingName?: string;
  @ApiPropertyOptional({ example: 'FI02089088' })
  @IsOptional()
  @Matches(/^[A-Z]{2}[0-9A-Z+*.]{2,13}$|^\d{9}MVA$/, { message: '$property must be a VAT id like "FI12345678"' })
  vatId?: string;
  @IsOptional() @IsString() @MaxLength(50) taxRegistrationId?: string;
  @IsOptional() @IsString() @MaxLength(50) legalRegistrationId?: string;
  /** BT-30-1 / BT-47-1: scheme of the legal registration (ISO 6523 ICD, e.g. 0106 KvK, 0184 CVR, 0007 SE org. no.). */
  @IsOptional()
  @Matches(/^[0-9A-Za-z]{1,10}$/, { message: '$property must be a scheme id like "0106"' })
  legalRegistrationSchemeId?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => IdentifierDto)
  identifiers?: IdentifierDto[];
  @IsOptional() @ValidateNested() @Type(() => IdentifierDto) electronicAddress?: IdentifierDto;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @IsOptional()
  @Matches(/^[A-Z]{2}\d{2}[A-Z0-9 ]{8,34}$/, { message: '$property must be an IBAN like "FI2112345600000785"' })
  iban?: string;
  @IsOptional() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
}

/** Seller (BG-4) and buyer (BG-7). */
export class PartyDto extends PartyFieldsDto implements CanonicalParty {
  @ApiProperty({ example: 'Acme Oy' }) @IsString() @Length(1, 300) name: string;
  @ApiProperty({ example: 'FI' }) @Matches(/^[A-Z]{2}$/, COUNTRY_MSG) countryCode: string;
}

/** Payee (BG-10) and seller tax representative (BG-11): the rules say what they must contain. */
export class OtherPartyDto extends PartyFieldsDto {
  @IsOptional() @IsString() @MaxLength(300) name?: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/, COUNTRY_MSG) countryCode?: string;
}

export class AllowanceChargeDto implements CanonicalAllowanceCharge {
  @IsBoolean() chargeIndicator: boolean;
  @IsDecimalString() amount: string;
  @IsDecimalString({ optional: true }) baseAmount?: string;
  @IsDecimalString({ optional: true }) percentage?: string;
  @IsOptional() @Matches(CATEGORY, CATEGORY_MSG) vatCategory?: string;
  @IsDecimalString({ optional: true }) vatRate?: string;
  @IsOptional() @IsString() @MaxLength(200) reason?: string;
  @IsOptional() @IsString() @MaxLength(10) reasonCode?: string;
}

export class PeriodDto {
  @IsOptional() @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) startDate?: string;
  @IsOptional() @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) endDate?: string;
}

export class ClassificationCodeDto {
  @IsString() @Length(1, 100) code: string;
  @IsOptional() @IsString() @MaxLength(35) listId?: string;
  @IsOptional() @IsString() @MaxLength(35) listVersionId?: string;
}

/** BG-32: name and value are both required by BR-54, which reports a missing one. */
export class ItemAttributeDto {
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(1000) value?: string;
}

export class AttachmentDto {
  @IsOptional() @IsString() @MaxLength(100) mimeCode?: string;
  @IsOptional() @IsString() @MaxLength(300) filename?: string;
}

/** BG-24 supporting document (BT-122..125), BT-18 invoiced object (typeCode 130) or BT-128 line object. */
export class DocumentReferenceDto implements CanonicalDocumentReference {
  @IsString() @MaxLength(200) id: string;
  @IsOptional() @IsString() @MaxLength(10) typeCode?: string;
  @IsOptional() @IsString() @MaxLength(35) schemeId?: string;
  @IsOptional() @IsString() @MaxLength(1000) description?: string;
  @IsOptional() @IsString() @MaxLength(2000) uri?: string;
  @IsOptional() @ValidateNested() @Type(() => AttachmentDto) attachment?: AttachmentDto;
}

export class LineDto implements CanonicalLine {
  @ApiProperty({ example: '1' }) @IsString() @Length(1, 50) id: string;
  @IsOptional() @IsString() @MaxLength(1000) note?: string;
  @IsOptional() @IsString() @MaxLength(1000) description?: string;
  @IsOptional() @IsString() @MaxLength(300) name?: string;
  @IsDecimalString({ example: '2' }) quantity: string;
  @IsOptional() @IsString() @Length(1, 5) unitCode?: string;
  @IsDecimalString({ example: '500.00' }) unitPrice: string;
  @IsDecimalString({ optional: true }) grossPrice?: string;
  @IsDecimalString({ optional: true }) priceDiscount?: string;
  @IsDecimalString({ optional: true }) priceBaseQuantity?: string;
  @IsDecimalString({ example: '1000.00' }) netAmount: string;
  @ApiProperty({ example: 'S' }) @Matches(CATEGORY, CATEGORY_MSG) vatCategory: string;
  @IsDecimalString({ optional: true, example: '25.5' }) vatRate?: string;
  @IsOptional() @IsString() @MaxLength(50) poLineReference?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AllowanceChargeDto)
  allowanceCharges?: AllowanceChargeDto[];
  @IsOptional() @ValidateNested() @Type(() => PeriodDto) period?: PeriodDto;
  @IsOptional() @IsString() @MaxLength(200) sellerItemId?: string;
  @IsOptional() @ValidateNested() @Type(() => IdentifierDto) standardItemId?: IdentifierDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ClassificationCodeDto)
  classificationCodes?: ClassificationCodeDto[];
  @IsOptional() @Matches(/^[A-Z0-9]{2}$/, COUNTRY_MSG) originCountry?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ItemAttributeDto)
  attributes?: ItemAttributeDto[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DocumentReferenceDto)
  documentReferences?: DocumentReferenceDto[];
}

export class VatBreakdownDto implements CanonicalVatBreakdown {
  @ApiProperty({ example: 'S' }) @Matches(CATEGORY, CATEGORY_MSG) category: string;
  @IsDecimalString({ optional: true, example: '25.5' }) rate?: string;
  @IsDecimalString({ example: '1000.00' }) taxableAmount: string;
  @IsDecimalString({ example: '255.00' }) taxAmount: string;
  @IsOptional() @IsString() @MaxLength(300) exemptionReason?: string;
  @IsOptional() @IsString() @MaxLength(30) exemptionReasonCode?: string;
}

export class TotalsDto implements CanonicalTotals {
  @IsDecimalString() lineNetTotal: string;
  @IsDecimalString({ optional: true }) allowanceTotal?: string;
  @IsDecimalString({ optional: true }) chargeTotal?: string;
  @IsDecimalString() taxExclusive: string;
  @IsDecimalString() taxTotal: string;
  /** BT-111: the VAT total in the VAT accounting currency (taxCurrency). */
  @IsDecimalString({ optional: true }) taxTotalAccountingCurrency?: string;
  @IsDecimalString() taxInclusive: string;
  @IsDecimalString({ optional: true }) prepaid?: string;
  @IsDecimalString({ optional: true }) rounding?: string;
  @IsDecimalString() payable: string;
}

export class PrecedingInvoiceDto {
  @IsString() @MaxLength(100) number: string;
  @IsOptional() @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) issueDate?: string;
}

export class DeliveryDto {
  @IsOptional() @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) date?: string;
  @IsOptional() @IsString() @MaxLength(200) locationId?: string;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @IsOptional() @IsString() @MaxLength(300) partyName?: string;
}

/** BG-17 credit transfer account. */
export class PaymentAccountDto {
  @IsOptional()
  @Matches(/^[A-Z]{2}\d{2}[A-Z0-9 ]{8,34}$/, { message: '$property must be an IBAN like "FI2112345600000785"' })
  iban?: string;
  @IsOptional() @IsString() @MaxLength(100) accountId?: string;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional()
  @Matches(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, { message: '$property must be a BIC like "NDEAFIHH"' })
  bic?: string;
}

export class PaymentCardDto {
  @IsOptional() @IsString() @MaxLength(30) primaryAccountNumber?: string;
  @IsOptional() @IsString() @MaxLength(200) holderName?: string;
}

export class DirectDebitDto {
  @IsOptional() @IsString() @MaxLength(100) mandateId?: string;
  @IsOptional() @IsString() @MaxLength(100) creditorId?: string;
  @IsOptional() @IsString() @MaxLength(100) debitedAccount?: string;
}

/** BG-16 payment instructions. */
export class PaymentMeansDto implements CanonicalPaymentMeans {
  @ApiPropertyOptional({ example: '58' }) @IsOptional() @IsString() @MaxLength(10) typeCode?: string;
  @IsOptional() @IsString() @MaxLength(200) text?: string;
  @IsOptional() @IsString() @MaxLength(200) remittanceInfo?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PaymentAccountDto)
  accounts?: PaymentAccountDto[];
  @IsOptional() @ValidateNested() @Type(() => PaymentCardDto) card?: PaymentCardDto;
  @IsOptional() @ValidateNested() @Type(() => DirectDebitDto) directDebit?: DirectDebitDto;
}

/**
 * The canonical invoice as integrations post it (shared API.md); EN 16931 terms in the domain type's comments.
 * `implements` holds each field's type to the domain's; the field-path check below holds the field lists.
 */
export class CanonicalInvoiceDto implements CanonicalInvoice {
  @IsOptional() @IsString() @MaxLength(200) customizationId?: string;
  @IsOptional() @IsString() @MaxLength(200) profileId?: string;
  @IsOptional() @IsIn(['invoice', 'credit_note']) documentKind?: 'invoice' | 'credit_note';
  @ApiProperty({ example: 'INV-2026-0001' }) @IsString() @Length(1, 100) invoiceNumber: string;
  @ApiProperty({ example: '2026-11-02' }) @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) issueDate: string;
  @ApiProperty({ example: '380' })
  @Matches(/^\d{3}$/, { message: '$property must be a UNTDID 1001 code like "380"' })
  typeCode: string;
  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code like "EUR"' })
  currency: string;
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code like "SEK"' })
  taxCurrency?: string;
  @IsOptional() @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) dueDate?: string;
  @IsOptional() @Matches(ISO_DATE, DATE_MSG) @IsISO8601(DATE, DATE_MSG) taxPointDate?: string;
  @IsOptional() @IsString() @MaxLength(10) taxPointDateCode?: string;
  @IsOptional() @IsString() @MaxLength(100) purchaseOrderReference?: string;
  @IsOptional() @IsString() @MaxLength(100) salesOrderReference?: string;
  @IsOptional() @IsString() @MaxLength(100) buyerReference?: string;
  @IsOptional() @IsString() @MaxLength(100) projectReference?: string;
  @IsOptional() @IsString() @MaxLength(100) contractReference?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PrecedingInvoiceDto)
  precedingInvoices?: PrecedingInvoiceDto[];
  @IsOptional() @IsString() @MaxLength(500) paymentTerms?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  notes?: string[];
  @IsOptional() @ValidateNested() @Type(() => PeriodDto) invoicePeriod?: PeriodDto;
  @ApiProperty({ type: PartyDto }) @IsObject() @ValidateNested() @Type(() => PartyDto) seller: PartyDto;
  @ApiProperty({ type: PartyDto }) @IsObject() @ValidateNested() @Type(() => PartyDto) buyer: PartyDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => OtherPartyDto) payee?: OtherPartyDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => OtherPartyDto) sellerTaxRepresentative?: OtherPartyDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DeliveryDto) delivery?: DeliveryDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PaymentMeansDto)
  paymentMeans?: PaymentMeansDto[];
  @ApiProperty({ type: [LineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines: LineDto[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DocumentReferenceDto)
  additionalDocuments?: DocumentReferenceDto[];
  @ApiProperty({ type: [VatBreakdownDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => VatBreakdownDto)
  vatBreakdown: VatBreakdownDto[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AllowanceChargeDto)
  allowanceCharges?: AllowanceChargeDto[];
  @ApiProperty({ type: TotalsDto }) @IsObject() @ValidateNested() @Type(() => TotalsDto) totals: TotalsDto;
}

/**
 * Compile-time agreement of the JSON contract and the canonical invoice: every field path of one is a
 * field path of the other (except what only XML intake produces), and a valid DTO is a CanonicalInvoice
 * as it stands, so intake hands it to the rules without a cast. A field added to either side without
 * the other fails the build here.
 */
type FieldPaths<T> = T extends readonly (infer U)[]
  ? FieldPaths<U>
  : T extends object
    ? { [K in keyof T & string]-?: K | `${K}.${FieldPaths<NonNullable<T[K]>>}` }[keyof T & string]
    : never;
/** Written by the XML readers only: each amount's currency as written (BR-CL-03); BT-110/111 come through `totals`. */
export type XmlOnlyCanonicalPaths = 'taxTotals' | `taxTotals.${string}` | 'amountCurrencyIds';
type MissingInDto = Exclude<FieldPaths<CanonicalInvoice>, FieldPaths<CanonicalInvoiceDto> | XmlOnlyCanonicalPaths>;
type UnknownToDomain = Exclude<FieldPaths<CanonicalInvoiceDto>, FieldPaths<CanonicalInvoice>>;
export const DTO_MATCHES_CANONICAL_INVOICE: [MissingInDto, UnknownToDomain] extends [never, never]
  ? true
  : { missingInDto: MissingInDto; unknownToDomain: UnknownToDomain } = true;

/** A validated DTO is a canonical invoice (checked by the compiler, no cast). */
export function toCanonicalInvoice(dto: CanonicalInvoiceDto): CanonicalInvoice {
  return dto;
}

@ItemsCheckedSeparately('invoices') // one bad invoice fails only itself
export class BatchIntakeDto {
  @ApiProperty({
    type: [Object],
    description:
      'Up to BATCH_MAX_INVOICES (default 1000) canonical invoices; each is validated and stored on its own. More: 413 INTAKE_LIMIT_EXCEEDED',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000) // the highest BATCH_MAX_INVOICES accepts; the configured limit is checked by the controller
  invoices: unknown[];
}

export const INVOICE_STATUS_FILTER = [
  'received',
  'validating',
  'ready',
  'in_review',
  'rejected',
  'returned_to_supplier',
  'duplicate',
  'failed',
];
export class ListInvoicesQuery {
  /** Language of finding texts where a response has them (validated by the language interceptor). */
  @IsOptional() @IsString() lang?: string;
  @IsOptional() @IsIn(INVOICE_STATUS_FILTER) status?: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @IsOptional() @Matches(/^[0-9a-f-]{36}$/) supplierId?: string;
  @IsOptional()
  @Matches(/^([1-9]\d?|[12]\d\d)$/, { message: '$property must be an integer from 1 to 200' })
  limit?: string;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
