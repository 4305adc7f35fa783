import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { domesticInvoice } from '@app/rules/testing';
import { prng, sampleInvoice } from '@app/testing';
import { CanonicalInvoiceDto } from '../modules/intake/dto/canonical-invoice.dto';
import { passesValidation, passesValidationAs } from './validation-fast-path';
import './validation';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
const COUNTRIES = ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL'];

const REPLACEMENTS: unknown[] = [
  null,
  undefined,
  1,
  0,
  -1.5,
  true,
  '',
  ' ',
  'x',
  'x'.repeat(600),
  '2026-13-45',
  '2026-11-02',
  '12.34',
  '1e5',
  '-0',
  '12.345678901234567',
  'EUR',
  'ZZZ',
  'S',
  '380',
  {},
  [],
  [null],
  [{}],
  ['a'],
  { zz: 1 },
];

/** Every container (object or array) of a value with its parent key, to mutate one of them. */
function containers(v: unknown, out: object[] = []): object[] {
  if (v !== null && typeof v === 'object') {
    out.push(v);
    for (const child of Object.values(v)) containers(child, out);
  }
  return out;
}

function mutate(invoice: Record<string, unknown>, rnd: () => number): void {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  for (let n = 1 + Math.floor(rnd() * 2); n > 0; n--) {
    const target = pick(containers(invoice)) as Record<string, unknown> | unknown[];
    const keys = Object.keys(target);
    const r = rnd();
    if (Array.isArray(target) && r < 0.15) target.push(structuredClone(pick(REPLACEMENTS)));
    else if (!Array.isArray(target) && r < 0.1) target[pick(['zz', 'constructorName', 'lines2'])] = 1;
    else if (keys.length && r < 0.25) delete (target as Record<string, unknown>)[pick(keys)];
    else if (keys.length) (target as Record<string, unknown>)[pick(keys)] = structuredClone(pick(REPLACEMENTS));
  }
}

describe('validation fast path', () => {
  it('says "valid" exactly when class-validator finds nothing, on complete invoices and thousands of mutations of them', async () => {
    const seeds = [...COUNTRIES.map((c) => domesticInvoice(c)), sampleInvoice(), sampleInvoice({ lines: [] })];
    const rnd = prng(20261130);
    let valid = 0;
    let invalid = 0;
    let plainDisagrees = 0;
    for (let i = 0; i < 3000; i++) {
      const body = structuredClone(seeds[i % seeds.length]) as Record<string, unknown>;
      if (i >= seeds.length) mutate(body, rnd);
      const plain = JSON.parse(JSON.stringify(body));
      const dto = plainToInstance(CanonicalInvoiceDto, JSON.parse(JSON.stringify(body)));
      const errors = await validate(dto, OPTIONS);
      const fast = passesValidation(dto);
      if (fast !== (errors.length === 0))
        throw new Error(
          `case ${i}: fast path ${fast}, class-validator ${errors.length} errors: ${JSON.stringify(body)}`,
        );
      // The plain body, read as the DTO without plainToInstance: never "valid" where class-validator finds
      // something, and when valid, the same invoice as the instances would have been.
      const asPlain = passesValidationAs(CanonicalInvoiceDto, plain);
      if (asPlain && errors.length)
        throw new Error(
          `case ${i}: plain fast path true, class-validator ${errors.length} errors: ${JSON.stringify(body)}`,
        );
      if (asPlain) expect(plain).toEqual(JSON.parse(JSON.stringify(dto)));
      if (asPlain !== fast) {
        // Only where a @Transform would have changed a value (a JSON number in a decimal field): the same
        // body as plainToInstance made it passes.
        plainDisagrees++;
        expect(passesValidationAs(CanonicalInvoiceDto, JSON.parse(JSON.stringify(dto)))).toBe(true);
      }
      if (fast) valid++;
      else invalid++;
    }
    expect(valid).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(1000);
    expect(plainDisagrees).toBeLessThan(valid / 4);
  });

  it('nested arrays, non-objects and unknown fields inside lines are left to class-validator, as it refuses them', async () => {
    for (const lines of [[[{}]], [[]], [null], ['a'], [1], [{ zz: 1 }], {}, 'x', [[sampleInvoice().lines[0]]]]) {
      const dto = plainToInstance(CanonicalInvoiceDto, { ...sampleInvoice(), lines });
      expect((await validate(dto, OPTIONS)).length).toBeGreaterThan(0);
      expect(passesValidation(dto)).toBe(false);
    }
  });

  it('nested arrays, non-objects and unknown fields inside lines are refused by the plain fast path too', () => {
    for (const lines of [[[{}]], [[]], [null], ['a'], [1], [{ zz: 1 }], {}, 'x', [[sampleInvoice().lines[0]]]])
      expect(passesValidationAs(CanonicalInvoiceDto, { ...sampleInvoice(), lines })).toBe(false);
  });

  it('every seed invoice passes', () => {
    for (const c of COUNTRIES)
      expect(
        passesValidation(plainToInstance(CanonicalInvoiceDto, JSON.parse(JSON.stringify(domesticInvoice(c))))),
      ).toBe(true);
    for (const c of COUNTRIES)
      expect(passesValidationAs(CanonicalInvoiceDto, JSON.parse(JSON.stringify(domesticInvoice(c))))).toBe(true);
  });
});
