import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { SLA_WAITING_FOR, SlaWaitingFor } from '@app/triage';

export class PauseSlaDto {
  @ApiProperty({ enum: SLA_WAITING_FOR, description: 'whose answer the item waits for' })
  @IsIn(SLA_WAITING_FOR)
  waitingFor: SlaWaitingFor;
  @ApiProperty({ example: 'Asked the supplier for a credit note' }) @IsString() @Length(1, 2000) reason: string;
}

export const STAFF_RESUME_ANSWERS = ['supplier_reply', 'buyer_reply', 'manual'] as const;

export class ResumeSlaDto {
  @ApiPropertyOptional({ enum: STAFF_RESUME_ANSWERS, default: 'manual' })
  @IsOptional()
  @IsIn(STAFF_RESUME_ANSWERS)
  answer?: (typeof STAFF_RESUME_ANSWERS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class SupplierReplyDto {
  @ApiPropertyOptional({ example: 'Credit note CN-77 sent' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}
