import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { DK_RULES } from './dk.rules';

const r = (id: string) => ruleById(DK_RULES, id);

describe('DK national rules (Peppol BIS DK-R-*)', () => {
  it.each(['DK-R-002', 'DK-R-005', 'DK-R-006', 'DK-R-016'])('%s passes a valid Danish invoice', (id) => {
    expect(run(r(id), contextFor(domesticInvoice('DK')))).toEqual([]);
  });

  it('DK-R-002 flags a missing CVR number', () => {
    const inv = domesticInvoice('DK');
    delete inv.seller!.legalRegistrationId;
    expect(run(r('DK-R-002'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'DK-R-002', fieldPath: 'seller.legalRegistrationId', routeKey: 'data.DK' })]);
  });

  it('DK-R-005 flags payment means 30', () => {
    const inv = domesticInvoice('DK');
    inv.paymentMeans![0].typeCode = '30';
    expect(run(r('DK-R-005'), contextFor(inv))).toEqual([expect.objectContaining({ fieldPath: 'paymentMeans[0].typeCode', actual: '30' })]);
  });

  it('DK-R-006 needs account and bank registration number for code 31', () => {
    const inv = domesticInvoice('DK');
    inv.paymentMeans = [{ typeCode: '31', accounts: [{ accountId: '0440116243' }] }];
    expect(run(r('DK-R-006'), contextFor(inv))).toHaveLength(1);
    inv.paymentMeans[0].accounts![0].bic = '0040';
    expect(run(r('DK-R-006'), contextFor(inv))).toEqual([]);
  });

  it('DK-R-016 flags a credit note with a negative amount due', () => {
    const inv = domesticInvoice('DK');
    inv.typeCode = '381';
    inv.totals!.payable = '-100.00';
    expect(run(r('DK-R-016'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'DK-R-016', fieldPath: 'totals.payable' })]);
  });
});
