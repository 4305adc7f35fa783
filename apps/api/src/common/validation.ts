import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { validate } from 'class-validator';
import { checksItemsSeparately } from './safe-text.pipe';
import { ApiError, ErrorDetail } from './api-error';
import { cacheValidationMetadata } from './validation-metadata-cache';

// Every process (and intake worker thread) that validates through here looks class metadata up once.
cacheValidationMetadata();

/** Flattens class-validator errors into contract details with JSON paths like `lines[2].vatRate`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const isIndex = /^\d+$/.test(e.property);
    const path = isIndex ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      out.push({
        path,
        issue: constraint === 'whitelistValidation' ? 'unknown field' : message,
        expected: constraint === 'whitelistValidation' ? 'no such field' : expectationOf(constraint, message),
        actual: e.value === undefined ? 'missing' : summarize(e.value),
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

function expectationOf(constraint: string, message: string): string {
  const length = /longer than or equal to (\d+) and shorter than or equal to (\d+)/.exec(message);
  if (length) return `${length[1]} to ${length[2]} characters`;
  const max = /shorter than or equal to (\d+) characters/.exec(message);
  if (max) return `at most ${max[1]} characters`;
  const items = /must contain no more than (\d+) elements/.exec(message);
  if (items) return `at most ${items[1]} items`;
  const m = /must be (.*)$/.exec(message) ?? /should (.*)$/.exec(message);
  return m ? m[1] : constraint;
}

function summarize(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return Array.isArray(v) ? `array(${v.length})` : 'object';
  const s = String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * The global pipe. A body whose class leaves its items to the handler (`@ItemsCheckedSeparately`, the batch
 * of invoices) becomes an instance shallowly: its own properties are validated as before, but
 * class-transformer does not copy every invoice of the batch field by field first (a third of the API's
 * CPU per batch invoice, CPU profile of the bench's batch intake); the handler checks each invoice itself.
 */
class IntakeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype as (new () => object) | undefined;
    if (
      metadata.type !== 'body' ||
      !metatype ||
      !checksItemsSeparately(metatype) ||
      value === null ||
      typeof value !== 'object' ||
      Array.isArray(value) ||
      Buffer.isBuffer(value)
    )
      return super.transform(value, metadata);
    // As the full path does: `__proto__` and `constructor` keys are dropped, at every depth, before anything reads the value.
    this.stripProtoKeys(value);
    const entity = Object.assign(new metatype(), value);
    const errors = await validate(entity, {
      ...this.validatorOptions,
      validationError: { target: false, ...this.validatorOptions.validationError },
    });
    if (errors.length) throw await this.exceptionFactory(errors);
    return entity;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new IntakeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new ApiError(
        400,
        'VALIDATION_FAILED',
        `The request body is invalid (${details.length} problem${details.length === 1 ? '' : 's'})`,
        details,
      );
    },
  });
}
