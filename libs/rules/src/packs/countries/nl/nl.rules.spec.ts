import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { NL_RULES } from './nl.rules';

const r = (id: string) => ruleById(NL_RULES, id);
const ids = [
  'NL-R-001',
  'NL-R-002',
  'NL-R-003',
  'NL-R-004',
  'NL-R-005',
  'NL-R-006',
  'NL-R-007',
  'NL-R-008',
  'NL-R-009',
];

describe('NL national rules (Peppol BIS NL-R-*)', () => {
  it.each(ids)('%s passes a valid Dutch invoice', (id) => {
    expect(run(r(id), contextFor(domesticInvoice('NL')))).toEqual([]);
  });

  it('NL-R-001 flags a credit note without the invoice it corrects', () => {
    const inv = domesticInvoice('NL');
    inv.documentKind = 'credit_note';
    expect(run(r('NL-R-001'), contextFor(inv))).toEqual([expect.objectContaining({ fieldPath: 'precedingInvoices' })]);
    inv.precedingInvoices = [{ number: 'INV-NL-0000' }];
    expect(run(r('NL-R-001'), contextFor(inv))).toEqual([]);
  });

  it('NL-R-002 flags each missing part of the supplier address', () => {
    const inv = domesticInvoice('NL');
    inv.seller!.address = { countryCode: 'NL', city: 'Amsterdam' };
    expect(run(r('NL-R-002'), contextFor(inv)).map((f) => f.fieldPath)).toEqual([
      'seller.address.line1',
      'seller.address.postalCode',
    ]);
  });

  it('NL-R-003 judges the scheme (0106 KvK / 0190 OIN), not the length, and leaves an absent id to EN 16931', () => {
    const inv = domesticInvoice('NL');
    inv.seller!.legalRegistrationSchemeId = '0088';
    expect(run(r('NL-R-003'), contextFor(inv))).toEqual([
      expect.objectContaining({
        fieldPath: 'seller.legalRegistrationSchemeId',
        routeKey: 'data.NL',
        severity: 'blocking',
      }),
    ]);
    delete inv.seller!.legalRegistrationSchemeId;
    expect(run(r('NL-R-003'), contextFor(inv))).toHaveLength(1);
    inv.seller!.legalRegistrationSchemeId = '0190';
    inv.seller!.legalRegistrationId = '1234'; // any length: Peppol has no length rule
    expect(run(r('NL-R-003'), contextFor(inv))).toEqual([]);
    inv.seller!.legalRegistrationId = ' ';
    expect(run(r('NL-R-003'), contextFor(inv))).toHaveLength(1);
    delete inv.seller!.legalRegistrationId;
    expect(run(r('NL-R-003'), contextFor(inv))).toEqual([]);
  });

  it('NL-R-003 applies to suppliers with a Dutch address only (not a Dutch VAT id alone)', () => {
    const inv = domesticInvoice('NL');
    inv.seller!.legalRegistrationSchemeId = '0088';
    inv.seller!.address!.countryCode = 'BE';
    inv.seller!.countryCode = 'BE';
    expect(run(r('NL-R-003'), contextFor(inv))).toEqual([]);
  });

  it('NL-R-004 / NL-R-005 judge a Dutch customer only', () => {
    const inv = domesticInvoice('NL');
    delete inv.buyer!.address!.postalCode;
    inv.buyer!.legalRegistrationSchemeId = '0208';
    expect(run(r('NL-R-004'), contextFor(inv))).toEqual([
      expect.objectContaining({ fieldPath: 'buyer.address.postalCode' }),
    ]);
    expect(run(r('NL-R-005'), contextFor(inv))).toEqual([
      expect.objectContaining({ fieldPath: 'buyer.legalRegistrationSchemeId' }),
    ]);
    inv.buyer!.legalRegistrationSchemeId = '0106';
    expect(run(r('NL-R-005'), contextFor(inv))).toEqual([]);
    inv.buyer!.legalRegistrationSchemeId = '0208';
    inv.buyer!.address!.countryCode = 'DE';
    expect(run([r('NL-R-004'), r('NL-R-005')], contextFor(inv))).toEqual([]);
  });

  it('NL-R-006 flags a Dutch tax representative without address', () => {
    const inv = domesticInvoice('NL');
    inv.sellerTaxRepresentative = {
      name: 'Rep B.V.',
      vatId: 'NL812345678B01',
      address: { countryCode: 'NL', city: 'Utrecht' },
    };
    expect(run(r('NL-R-006'), contextFor(inv)).map((f) => f.fieldPath)).toEqual([
      'sellerTaxRepresentative.address.line1',
      'sellerTaxRepresentative.address.postalCode',
    ]);
  });

  it('NL-R-007 flags an invoice to pay without payment means', () => {
    const inv = domesticInvoice('NL');
    inv.paymentMeans = [];
    expect(run(r('NL-R-007'), contextFor(inv))).toEqual([expect.objectContaining({ fieldPath: 'paymentMeans' })]);
    inv.totals!.payable = '0.00';
    expect(run(r('NL-R-007'), contextFor(inv))).toEqual([]);
  });

  it('NL-R-007 flags a credit note with a negative amount due and no payment means, passes a positive one', () => {
    const inv = domesticInvoice('NL');
    inv.documentKind = 'credit_note';
    inv.typeCode = '381';
    inv.paymentMeans = [];
    inv.totals!.payable = '-100.00';
    expect(run(r('NL-R-007'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'NL-R-007' })]);
    inv.totals!.payable = '100.00';
    expect(run(r('NL-R-007'), contextFor(inv))).toEqual([]);
  });

  it('NL-R-008 flags payment means 31 to a Dutch customer, not to a customer abroad', () => {
    const inv = domesticInvoice('NL');
    inv.paymentMeans![0].typeCode = '31';
    expect(run(r('NL-R-008'), contextFor(inv))).toEqual([expect.objectContaining({ actual: '31' })]);
    inv.buyer!.address!.countryCode = 'DE';
    inv.buyer!.countryCode = 'DE';
    expect(run(r('NL-R-008'), contextFor(inv))).toEqual([]);
  });

  it('NL-R-009 flags order line references without an order reference', () => {
    const inv = domesticInvoice('NL');
    delete inv.purchaseOrderReference;
    expect(run(r('NL-R-009'), contextFor(inv))).toEqual([
      expect.objectContaining({ fieldPath: 'purchaseOrderReference' }),
    ]);
  });
});
