import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { DK_RULES } from './dk.rules';

const r = (id: string) => ruleById(DK_RULES, id);

describe('DK national rules (Peppol BIS DK-R-*)', () => {
  it.each([
    'DK-R-002',
    'DK-R-003',
    'DK-R-004',
    'DK-R-005',
    'DK-R-006',
    'DK-R-007',
    'DK-R-008',
    'DK-R-009',
    'DK-R-010',
    'DK-R-011',
    'DK-R-013',
    'DK-R-014',
    'DK-R-016',
  ])('%s passes a valid Danish invoice', (id) => {
    expect(run(r(id), contextFor(domesticInvoice('DK')))).toEqual([]);
  });

  it('DK-R-002 flags a missing CVR number', () => {
    const inv = domesticInvoice('DK');
    delete inv.seller!.legalRegistrationId;
    expect(run(r('DK-R-002'), contextFor(inv))).toEqual([
      expect.objectContaining({ ruleId: 'DK-R-002', fieldPath: 'seller.legalRegistrationId', routeKey: 'data.DK' }),
    ]);
  });

  it('DK-R-005 flags payment means 30', () => {
    const inv = domesticInvoice('DK');
    inv.paymentMeans![0].typeCode = '30';
    expect(run(r('DK-R-005'), contextFor(inv))).toEqual([
      expect.objectContaining({ fieldPath: 'paymentMeans[0].typeCode', actual: '30' }),
    ]);
  });

  it('DK-R-006 needs account and bank registration number for code 31', () => {
    const inv = domesticInvoice('DK');
    inv.paymentMeans = [{ typeCode: '31', accounts: [{ accountId: '0440116243' }] }];
    expect(run(r('DK-R-006'), contextFor(inv))).toHaveLength(1);
    inv.paymentMeans[0].accounts![0].bic = '0040';
    expect(run(r('DK-R-006'), contextFor(inv))).toEqual([]);
  });

  it('DK-R-005 judges invoices to Danish customers only, not credit notes nor customers abroad', () => {
    const inv = domesticInvoice('DK');
    inv.paymentMeans![0].typeCode = '30';
    inv.documentKind = 'credit_note';
    inv.typeCode = '381';
    expect(run(r('DK-R-005'), contextFor(inv))).toEqual([]);
    const abroad = domesticInvoice('DK');
    abroad.paymentMeans![0].typeCode = '30';
    abroad.buyer!.address!.countryCode = 'SE';
    abroad.buyer!.countryCode = 'SE';
    expect(run(r('DK-R-005'), contextFor(abroad))).toEqual([]);
  });

  it('DK-R-014 wants scheme 0184 on the supplier legal entity id', () => {
    const inv = domesticInvoice('DK');
    inv.seller!.legalRegistrationSchemeId = '0088';
    expect(run(r('DK-R-014'), contextFor(inv))).toEqual([
      expect.objectContaining({ fieldPath: 'seller.legalRegistrationSchemeId', actual: '0088' }),
    ]);
    delete inv.seller!.legalRegistrationSchemeId;
    expect(run(r('DK-R-014'), contextFor(inv))).toHaveLength(1);
    delete inv.seller!.legalRegistrationId;
    expect(run(r('DK-R-014'), contextFor(inv))).toEqual([]);
  });

  it('DK-R-013 wants a scheme id on supplier and customer identifiers', () => {
    const inv = domesticInvoice('DK');
    inv.seller!.identifiers = [{ id: '5790000000001', schemeId: '0088' }];
    inv.buyer!.identifiers = [{ id: '12345678' }];
    expect(run(r('DK-R-013'), contextFor(inv))).toEqual([
      expect.objectContaining({ fieldPath: 'buyer.identifiers[0].schemeId' }),
    ]);
    inv.buyer!.identifiers[0].schemeId = '0184';
    expect(run(r('DK-R-013'), contextFor(inv))).toEqual([]);
  });

  it('DK-R-003 warns on UNSPSC (TST) classification in another version', () => {
    const inv = domesticInvoice('DK');
    inv.lines![0].classificationCodes = [{ code: '43211503', listId: 'TST', listVersionId: '15.1' }];
    expect(run(r('DK-R-003'), contextFor(inv))).toEqual([
      expect.objectContaining({ severity: 'warning', fieldPath: 'lines[0].classificationCodes' }),
    ]);
    inv.lines![0].classificationCodes[0].listVersionId = '26.08.01';
    expect(run(r('DK-R-003'), contextFor(inv))).toEqual([]);
    inv.lines![0].classificationCodes = [{ code: '43211503', listId: 'STI' }];
    expect(run(r('DK-R-003'), contextFor(inv))).toEqual([]);
  });

  it.each([
    ['Afgift', true],
    ['#Afgift', true],
    ['Afgift#', true],
    ['12345', true],
    ['0123', false],
    ['Elafgift#1234', false],
  ])('DK-R-004 on a ZZZ charge with reason %s: flagged = %s', (reason, flagged) => {
    const inv = domesticInvoice('DK');
    inv.allowanceCharges = [
      { chargeIndicator: true, amount: '10.00', vatCategory: 'S', vatRate: '25', reasonCode: 'ZZZ', reason },
    ];
    expect(run(r('DK-R-004'), contextFor(inv))).toHaveLength(flagged ? 1 : 0);
  });

  it('DK-R-007 needs mandate and payer account for direct debit 49', () => {
    const inv = domesticInvoice('DK');
    inv.paymentMeans = [{ typeCode: '49', directDebit: { mandateId: 'M-1' } }];
    expect(run(r('DK-R-007'), contextFor(inv))).toEqual([
      expect.objectContaining({ fieldPath: 'paymentMeans[0].directDebit' }),
    ]);
    inv.paymentMeans[0].directDebit!.debitedAccount = '12345678';
    expect(run(r('DK-R-007'), contextFor(inv))).toEqual([]);
  });

  it.each([
    ['DK-R-008', '50', '02#1234', '1234567', '01#1234', '1234567'],
    ['DK-R-008', '50', '01#1234', '123456', '01#1234', '12345678'],
    ['DK-R-009', '50', '04#123456789012345', '1234567', '04#1234567890123456', '1234567'],
    ['DK-R-010', '93', '72#123456789012345', '12345678', '73#123', '12345678'],
    ['DK-R-010', '93', '71#123456789012345', '1234567', '71#123456789012345', '12345678'],
    ['DK-R-011', '93', '71#12345678901234', '12345678', '71#1234567890123456', '12345678'],
  ])(
    '%s: code %s with payment id %s / account %s fails; %s / %s passes',
    (id, code, badId, badAccount, goodId, goodAccount) => {
      const inv = domesticInvoice('DK');
      inv.paymentMeans = [{ typeCode: code, remittanceInfo: badId, accounts: [{ accountId: badAccount }] }];
      expect(run(r(id), contextFor(inv))).toEqual([
        expect.objectContaining({ ruleId: id, fieldPath: 'paymentMeans[0].remittanceInfo' }),
      ]);
      inv.paymentMeans = [{ typeCode: code, remittanceInfo: goodId, accounts: [{ accountId: goodAccount }] }];
      expect(run(r(id), contextFor(inv))).toEqual([]);
    },
  );

  it('DK-R-016 flags a credit note with a negative amount due', () => {
    const inv = domesticInvoice('DK');
    inv.typeCode = '381';
    inv.totals!.payable = '-100.00';
    expect(run(r('DK-R-016'), contextFor(inv))).toEqual([
      expect.objectContaining({ ruleId: 'DK-R-016', fieldPath: 'totals.payable' }),
    ]);
    inv.buyer!.address!.countryCode = 'DE'; // the Schematron also needs a Danish customer
    inv.buyer!.countryCode = 'DE';
    expect(run(r('DK-R-016'), contextFor(inv))).toEqual([]);
  });
});
