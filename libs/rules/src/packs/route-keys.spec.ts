import { COUNTRY_RULES } from './countries';
import { contextFor, domesticInvoice } from './countries/shared/testing/domestic-invoice.fixture';
import { ROUTE_KEYS } from './route-keys';
import { SUPPLIER_RULES } from './supplier';

describe('ROUTE_KEYS', () => {
  const keys = new Set(ROUTE_KEYS.map((k) => k.key));

  it('lists each key once, with the ten countries and the catch-alls', () => {
    expect(keys.size).toBe(ROUTE_KEYS.length);
    for (const k of [
      'vat.EE',
      'vat.NL',
      'vat.XX',
      'data.NO',
      'data.XX',
      'format.syntax',
      'supplier.bank-account',
      'po.quantity-variance',
      'duplicate.near',
    ])
      expect(keys).toContain(k);
    expect(ROUTE_KEYS.filter((k) => k.country)).toHaveLength(20);
  });

  it('covers every route key the country and supplier rules emit on broken invoices', () => {
    const emitted = new Set<string>();
    for (const cc of ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL', undefined]) {
      const inv = domesticInvoice(cc ?? 'EE', { standardRate: '1' });
      delete inv.seller!.legalRegistrationId;
      delete inv.seller!.taxRegistrationId;
      if (!cc) delete inv.buyer!.address;
      if (!cc) delete inv.buyer!.countryCode;
      const ctx = contextFor(inv, {
        buyerCountry: cc,
        supplier: {
          supplier: null,
          purchaseOrder: null,
          goodsReceipts: [],
          priorInvoices: [
            { id: 'x', invoiceNumber: inv.invoiceNumber!, issueDate: inv.issueDate!, payable: '1', currency: 'EUR' },
          ],
        },
      });
      for (const rule of [...COUNTRY_RULES, ...SUPPLIER_RULES])
        for (const f of rule.evaluate(ctx)) emitted.add(f.routeKey);
    }
    expect([...emitted].filter((k) => k.startsWith('vat.')).sort()).toEqual([
      'vat.DE',
      'vat.DK',
      'vat.EE',
      'vat.FI',
      'vat.LT',
      'vat.LV',
      'vat.NL',
      'vat.NO',
      'vat.PL',
      'vat.SE',
      'vat.XX',
    ]);
    expect(emitted).toContain('supplier.unknown');
    for (const key of emitted) expect(keys).toContain(key);
  });
});
