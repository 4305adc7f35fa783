import { listRules, validateInvoice } from '../index';
import { invoiceWith, validInvoice } from '../testing/invoice.builder';

describe('validateInvoice over all packs', () => {
  it('lists every rule once with its pack, severity and scope', () => {
    const rules = listRules();
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(rules.find((r) => r.id === 'BR-CO-10')).toMatchObject({
      pack: 'en16931',
      category: 'data-quality',
      severity: 'blocking',
      effectiveFrom: null,
    });
    expect(rules.find((r) => r.id === 'BR-01')!.scope).toEqual({ formats: ['ubl', 'cii'] });
    expect(rules.some((r) => r.pack.startsWith('country.'))).toBe(true);
  });

  it('gives the valid builder invoice no blocking finding from any pack', () => {
    expect(validateInvoice(validInvoice(), { buyerCountry: 'FI' }).filter((f) => f.severity === 'blocking')).toEqual(
      [],
    );
  });

  it('passes syntax findings through with a route key', () => {
    const f = validateInvoice(validInvoice(), {
      syntaxFindings: [
        {
          ruleId: 'UBL-SR-12',
          severity: 'warning',
          category: 'data-quality',
          fieldPath: 'seller.vatId',
          message: 'Seller VAT identifier shall occur maximum once',
          routeKey: '',
        },
      ],
    });
    expect(f[0]).toMatchObject({ ruleId: 'UBL-SR-12', routeKey: 'data.FI' });
  });

  it('reports arithmetic errors with expected and actual', () => {
    const f = validateInvoice(invoiceWith((i) => (i.totals!.payable = '1.00')));
    expect(f.find((x) => x.ruleId === 'BR-CO-16')).toMatchObject({
      fieldPath: 'totals.payable',
      expected: '1386.78',
      actual: '1.00',
      routeKey: 'data.FI',
    });
  });
});
