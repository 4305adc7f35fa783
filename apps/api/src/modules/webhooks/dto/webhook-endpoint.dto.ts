import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '@app/domain';

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://erp.example.com/hooks/invoices' }) @IsString() @Length(8, 2000) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES as unknown as string[], { each: true })
  events: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) description?: string;
}

export class DeliveryListQuery {
  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: string;
}
