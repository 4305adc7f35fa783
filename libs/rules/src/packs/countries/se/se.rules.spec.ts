import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { SE_RULES, luhnValid } from './se.rules';

const r = (id: string) => ruleById(SE_RULES, id);

describe('SE national rules (Peppol BIS SE-R-*)', () => {
  const valid = () => domesticInvoice('SE');

  it.each(['SE-R-001', 'SE-R-002', 'SE-R-003', 'SE-R-004', 'SE-R-005', 'SE-R-006', 'SE-R-013'])('%s passes a valid Swedish invoice', (id) => {
    expect(run(r(id), contextFor(valid()))).toEqual([]);
  });

  it('SE-R-001 and SE-R-002 flag a VAT id of the wrong length / non-numeric', () => {
    const inv = valid();
    inv.seller!.vatId = 'SE5560125790';
    expect(run(r('SE-R-001'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'SE-R-001', severity: 'blocking' })]);
    inv.seller!.vatId = 'SE55601257900A';
    expect(run(r('SE-R-002'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'SE-R-002' })]);
    // The form is SE-R-001/002's; SE-VAT-ID only adds checksum findings for the seller.
    expect(run(r('SE-VAT-ID'), contextFor(inv))).toEqual([]);
  });

  it('SE-R-003 / SE-R-004 warn on a non-numeric or short organisation number', () => {
    const inv = valid();
    inv.seller!.legalRegistrationId = '55601A5790';
    expect(run(r('SE-R-003'), contextFor(inv))).toEqual([expect.objectContaining({ severity: 'warning' })]);
    inv.seller!.legalRegistrationId = '556012579';
    expect(run(r('SE-R-004'), contextFor(inv))).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it('SE-R-005 flags a tax registration other than "Godkänd för F-skatt"', () => {
    const inv = valid();
    inv.seller!.taxRegistrationId = 'Registered for tax';
    expect(run(r('SE-R-005'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'SE-R-005', expected: 'Godkänd för F-skatt' })]);
  });

  it('SE-R-006 allows 25, 12, 6 and flags 24', () => {
    expect(run(r('SE-R-006'), contextFor(domesticInvoice('SE', { standardRate: '12' })))).toEqual([]);
    expect(run(r('SE-R-006'), contextFor(domesticInvoice('SE', { standardRate: '24' })))).toHaveLength(2);
  });

  it('SE-R-013 warns on a bad Luhn digit', () => {
    expect(luhnValid('5560125790')).toBe(true);
    const inv = valid();
    inv.seller!.legalRegistrationId = '5560125791';
    expect(run(r('SE-R-013'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'SE-R-013', severity: 'warning' })]);
  });

  it('rules for Swedish suppliers ignore a Finnish supplier', () => {
    const inv = domesticInvoice('FI');
    inv.seller!.taxRegistrationId = 'whatever';
    expect(run(SE_RULES, contextFor(inv))).toEqual([]);
  });
});
