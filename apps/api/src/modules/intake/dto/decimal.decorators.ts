import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

/**
 * Money, quantities and rates are decimal strings. A JSON number is accepted only when its shortest
 * decimal form is exact at that precision (e.g. 12.5), so no binary float ever reaches a sum.
 */
export function IsDecimalString(opts: { optional?: boolean; example?: string } = {}) {
  return applyDecorators(
    Transform(({ value }) =>
      typeof value === 'number' && Number.isFinite(value) && DECIMAL.test(String(value)) ? String(value) : value,
    ),
    Matches(DECIMAL, {
      message: '$property must be a decimal string like "1234.50" (at most 15 digits and 6 decimals)',
    }),
    ...(opts.optional ? [IsOptional()] : []),
    ApiProperty({ type: String, required: !opts.optional, example: opts.example ?? '100.00' }),
  );
}
