import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PENDING_CHANGE_STATUSES } from '../pending-change.kinds';

export class ListPendingChangesQuery {
  @ApiPropertyOptional({ enum: PENDING_CHANGE_STATUSES })
  @IsOptional()
  @IsIn(PENDING_CHANGE_STATUSES as unknown as string[])
  status?: string;
  @ApiPropertyOptional({ enum: ['supplier', 'queue'] }) @IsOptional() @IsIn(['supplier', 'queue']) targetType?: string;
  @ApiPropertyOptional({ description: 'supplier id or queue key' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  targetId?: string;
  @ApiPropertyOptional({ example: '100' })
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/, { message: '$property must be an integer from 1 to 500' })
  limit?: string;
}
