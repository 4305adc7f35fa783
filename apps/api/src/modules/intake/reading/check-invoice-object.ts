import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { CanonicalInvoice } from '@app/domain';
import { findUnsafeText } from '../../../common/unsafe-text.util';
import { flattenValidationErrors } from '../../../common/validation';
import { passesValidation, passesValidationAs } from '../../../common/validation-fast-path';
import { CanonicalInvoiceDto, toCanonicalInvoice } from '../dto/canonical-invoice.dto';
import type { IntakeFailure, IntakeLimits } from './intake-limits';

export const invalid = (what: string, details: IntakeFailure['details']): IntakeFailure => ({
  status: 400,
  code: 'VALIDATION_FAILED',
  message: `${what} is invalid (${details.length} problem${details.length === 1 ? '' : 's'})`,
  details,
});

/** Lines and allowances per line over the limits: 413, before the invoice is read field by field. */
export function countLimits(body: object, prefix: string, limits: IntakeLimits): IntakeFailure | null {
  const lines = (body as { lines?: unknown }).lines;
  if (!Array.isArray(lines)) return null;
  const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
  if (lines.length > limits.maxLines) {
    return {
      status: 413,
      code: 'INTAKE_LIMIT_EXCEEDED',
      message: `The invoice has ${lines.length} lines; the limit is ${limits.maxLines}`,
      details: [
        {
          path: at('lines'),
          issue: 'too many lines',
          expected: `at most ${limits.maxLines} lines`,
          actual: String(lines.length),
        },
      ],
    };
  }
  for (let i = 0; i < lines.length; i++) {
    const ac = (lines[i] as { allowanceCharges?: unknown } | null)?.allowanceCharges;
    if (Array.isArray(ac) && ac.length > limits.maxAllowancesPerLine) {
      return {
        status: 413,
        code: 'INTAKE_LIMIT_EXCEEDED',
        message: `Line ${i} has ${ac.length} allowances/charges; the limit is ${limits.maxAllowancesPerLine}`,
        details: [
          {
            path: at(`lines[${i}].allowanceCharges`),
            issue: 'too many allowances/charges',
            expected: `at most ${limits.maxAllowancesPerLine} per line`,
            actual: String(ac.length),
          },
        ],
      };
    }
  }
  return null;
}

/** A canonical JSON invoice (already parsed) checked against the limits, unstorable characters and the DTO. */
export async function checkInvoiceObject(
  body: unknown,
  prefix: string,
  limits: IntakeLimits,
): Promise<{ ok: true; invoice: CanonicalInvoice } | { ok: false; failure: IntakeFailure }> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return {
      ok: false,
      failure: {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'The invoice must be a JSON object',
        details: [
          {
            path: prefix || '$',
            issue: 'not an object',
            expected: 'object',
            actual: Array.isArray(body) ? 'array' : body === null ? 'null' : typeof body,
          },
        ],
      },
    };
  }
  const limit = countLimits(body, prefix, limits);
  if (limit) return { ok: false, failure: limit };
  const unsafe = findUnsafeText(body, prefix);
  if (unsafe.length) return { ok: false, failure: invalid('The invoice', unsafe) };
  // A valid invoice is confirmed on the parsed JSON itself, as the DTO would read it (neither instances nor
  // class-validator's error objects are made); anything else is transformed and validated as the contract
  // says, by class-validator itself when it has something to say.
  if (passesValidationAs(CanonicalInvoiceDto, body)) return { ok: true, invoice: body as CanonicalInvoice };
  const dto = plainToInstance(CanonicalInvoiceDto, body);
  if (!passesValidation(dto)) {
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length) return { ok: false, failure: invalid('The invoice', flattenValidationErrors(errors, prefix)) };
  }
  return { ok: true, invoice: toCanonicalInvoice(dto) };
}
