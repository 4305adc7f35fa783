import 'reflect-metadata';
import { sampleInvoice } from '@app/testing';
import { BatchIntakeDto, CanonicalInvoiceDto } from '../modules/intake/dto/canonical-invoice.dto';
import { ApiError } from './api-error';
import { createValidationPipe } from './validation';

describe('the global validation pipe', () => {
  const pipe = createValidationPipe();
  const body = (metatype: unknown) => ({ type: 'body' as const, metatype: metatype as never, data: undefined });
  const refusal = async (value: unknown) => {
    const err = await pipe.transform(value, body(BatchIntakeDto)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  };

  it('takes a batch envelope as it came: the invoices are the parsed objects, not copies made field by field', async () => {
    const invoices = [sampleInvoice(), sampleInvoice(), { not: 'an invoice' }];
    const out = (await pipe.transform({ invoices }, body(BatchIntakeDto))) as BatchIntakeDto;
    expect(out).toBeInstanceOf(BatchIntakeDto);
    expect(out.invoices).toBe(invoices);
    expect(out.invoices[0]).toBe(invoices[0]);
  });

  it('still refuses a bad envelope with the same details', async () => {
    const extra = await refusal({ invoices: [sampleInvoice()], zz: 1 });
    expect(extra.code).toBe('VALIDATION_FAILED');
    expect(extra.details).toEqual([expect.objectContaining({ path: 'zz', issue: 'unknown field' })]);
    const empty = await refusal({ invoices: [] });
    expect(empty.details).toEqual([expect.objectContaining({ path: 'invoices', actual: 'array(0)' })]);
    const notArray = await refusal({ invoices: 'x' });
    expect(notArray.details.map((d) => d.path)).toContain('invoices');
    const missing = await refusal({});
    expect(missing.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'invoices', actual: 'missing' })]),
    );
  });

  it('transforms other bodies as before (nested objects become their classes)', async () => {
    const out = (await pipe.transform(sampleInvoice(), body(CanonicalInvoiceDto))) as CanonicalInvoiceDto;
    expect(out).toBeInstanceOf(CanonicalInvoiceDto);
    expect(out.seller?.constructor.name).toBe('PartyDto');
  });
});
