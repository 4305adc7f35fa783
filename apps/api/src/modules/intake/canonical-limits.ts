import { ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { ErrorDetail } from '../../common/api-error';
import { findUnsafeText } from '../../common/unsafe-text.util';
import { flattenValidationErrors } from '../../common/validation';
import { CanonicalInvoiceDto } from './dto/canonical-invoice.dto';

/** Codes are judged by the rules (BR-CL-*), so "EURO" or "FIN" is stored; only absurd lengths are refused. */
export const CODE_MAX = 35;
const DECIMAL_MAX = 40;
const IDENTIFIER_MAX = 100;
/** Any other text read from a document (notes, names of parts the JSON DTO does not list). */
export const TEXT_MAX = 10000;

const CODE_FIELDS = [
  'currency',
  'taxCurrency',
  'countryCode',
  'originCountry',
  'typeCode',
  'vatCategory',
  'category',
  'unitCode',
  'schemeId',
  'listId',
  'taxPointDateCode',
  'exemptionReasonCode',
  'reasonCode',
  'issueDate',
  'dueDate',
  'taxPointDate',
  'date',
  'startDate',
  'endDate',
  'documentKind',
];
const DECIMAL_FIELDS = [
  'amount',
  'baseAmount',
  'percentage',
  'vatRate',
  'quantity',
  'unitPrice',
  'grossPrice',
  'priceDiscount',
  'priceBaseQuantity',
  'netAmount',
  'rate',
  'taxableAmount',
  'taxAmount',
  'lineNetTotal',
  'allowanceTotal',
  'chargeTotal',
  'taxExclusive',
  'taxTotal',
  'taxTotalAccountingCurrency',
  'taxInclusive',
  'prepaid',
  'rounding',
  'payable',
];
const IDENTIFIER_FIELDS = [
  'vatId',
  'iban',
  'accountId',
  'bic',
  'primaryAccountNumber',
  'mandateId',
  'creditorId',
  'debitedAccount',
];
const FIELD_MAX = new Map<string, number>([
  ...CODE_FIELDS.map((f) => [f, CODE_MAX] as const),
  ...DECIMAL_FIELDS.map((f) => [f, DECIMAL_MAX] as const),
  ...IDENTIFIER_FIELDS.map((f) => [f, IDENTIFIER_MAX] as const),
]);

/**
 * What every invoice read from XML, or changed by a correction, must meet before it reaches SQL: the
 * JSON DTO's length and count limits (its formats and code lists are left to the rules), a length
 * cap on every other value, and no character a text column cannot hold. Returns contract details.
 */
export async function checkCanonicalLimits(invoice: object, prefix = ''): Promise<ErrorDetail[]> {
  const unsafe = findUnsafeText(invoice, prefix);
  if (unsafe.length) return unsafe;
  const errors = await validate(plainToInstance(CanonicalInvoiceDto, invoice), {
    whitelist: false,
    forbidUnknownValues: false,
  });
  const details = flattenValidationErrors(pruneToLimits(errors), prefix);
  const seen = new Set(details.map((d) => d.path));
  for (const d of capLengths(invoice, prefix)) if (!seen.has(d.path)) details.push(d);
  return details;
}

/** Keeps only maximum-length and maximum-count violations (a too-short or ill-formatted value is the rules' business). */
function pruneToLimits(errors: ValidationError[]): ValidationError[] {
  const out: ValidationError[] = [];
  for (const e of errors) {
    const constraints = Object.fromEntries(
      Object.entries(e.constraints ?? {}).filter(
        ([name, message]) =>
          name === 'maxLength' ||
          name === 'arrayMaxSize' ||
          (name === 'isLength' && typeof e.value === 'string' && e.value.length > maxOf(message)),
      ),
    );
    const children = pruneToLimits(e.children ?? []);
    if (Object.keys(constraints).length || children.length) out.push({ ...e, constraints, children });
  }
  return out;
}

function maxOf(message: string): number {
  const m = /shorter than or equal to (\d+)/.exec(message);
  return m ? Number(m[1]) : Infinity;
}

function capLengths(value: unknown, path: string, key = '', out: ErrorDetail[] = []): ErrorDetail[] {
  if (out.length >= 20) return out;
  if (typeof value === 'string') {
    const max = FIELD_MAX.get(key) ?? TEXT_MAX;
    if (value.length > max)
      out.push({
        path,
        issue: 'too long',
        expected: `at most ${max} characters`,
        actual: `${value.length} characters`,
      });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => capLengths(v, `${path}[${i}]`, key, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) capLengths(v, path ? `${path}.${k}` : k, k, out);
  }
  return out;
}
