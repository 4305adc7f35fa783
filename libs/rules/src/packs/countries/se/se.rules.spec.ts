import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { checkSeOrgnr, SE_RULES, luhnValid } from './se.rules';

const r = (id: string) => ruleById(SE_RULES, id);

describe('SE national rules (Peppol BIS SE-R-*)', () => {
  const valid = () => domesticInvoice('SE');

  it.each([
    'SE-R-001',
    'SE-R-002',
    'SE-R-003',
    'SE-R-004',
    'SE-R-005',
    'SE-R-006',
    'SE-R-007',
    'SE-R-008',
    'SE-R-009',
    'SE-R-010',
    'SE-R-011',
    'SE-R-012',
    'SE-R-013',
  ])('%s passes a valid Swedish invoice', (id) => {
    expect(run(r(id), contextFor(valid()))).toEqual([]);
  });

  it('SE-R-001 and SE-R-002 flag a VAT id of the wrong length / non-numeric', () => {
    const inv = valid();
    inv.seller!.vatId = 'SE5560125790';
    expect(run(r('SE-R-001'), contextFor(inv))).toEqual([
      expect.objectContaining({ ruleId: 'SE-R-001', severity: 'blocking' }),
    ]);
    inv.seller!.vatId = 'SE55601257900A';
    expect(run(r('SE-R-002'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'SE-R-002' })]);
    // The form is SE-R-001/002's; SE-VAT-ID only adds checksum findings for the seller.
    expect(run(r('SE-VAT-ID'), contextFor(inv))).toEqual([]);
  });

  it('SE-R-003 / SE-R-004 block a non-numeric or short organisation number (fatal in Peppol)', () => {
    const inv = valid();
    inv.seller!.legalRegistrationId = '55601A5790';
    expect(run(r('SE-R-003'), contextFor(inv))).toEqual([expect.objectContaining({ severity: 'blocking' })]);
    inv.seller!.legalRegistrationId = '556012579';
    expect(run(r('SE-R-004'), contextFor(inv))).toEqual([expect.objectContaining({ severity: 'blocking' })]);
    inv.seller!.legalRegistrationId = '556012-5790'; // the hyphenated form is not numeric and has 11 characters
    expect(run([r('SE-R-003'), r('SE-R-004')], contextFor(inv)).map((f) => f.ruleId)).toEqual(['SE-R-003', 'SE-R-004']);
  });

  it('SE-R-005 flags a tax registration other than "Godkänd för F-skatt"', () => {
    const inv = valid();
    inv.seller!.taxRegistrationId = 'Registered for tax';
    expect(run(r('SE-R-005'), contextFor(inv))).toEqual([
      expect.objectContaining({ ruleId: 'SE-R-005', expected: 'Godkänd för F-skatt' }),
    ]);
  });

  it('SE-R-006 allows 25, 12, 6 and flags 24', () => {
    expect(run(r('SE-R-006'), contextFor(domesticInvoice('SE', { standardRate: '12' })))).toEqual([]);
    expect(run(r('SE-R-006'), contextFor(domesticInvoice('SE', { standardRate: '24' })))).toHaveLength(2);
  });

  it('SE-R-013 blocks a bad Luhn digit (fatal in Peppol)', () => {
    expect(luhnValid('5560125790')).toBe(true);
    expect(checkSeOrgnr('5560125790')).toBe(true);
    expect(checkSeOrgnr('556012579')).toBe(false);
    expect(checkSeOrgnr('55601257A0')).toBe(false);
    const inv = valid();
    inv.seller!.legalRegistrationId = '5560125791';
    expect(run(r('SE-R-013'), contextFor(inv))).toEqual([
      expect.objectContaining({ ruleId: 'SE-R-013', severity: 'blocking' }),
    ]);
  });

  it('SE-R-001/002/006 need a Swedish address and a VAT id starting with SE', () => {
    const inv = domesticInvoice('SE', { standardRate: '24' });
    inv.seller!.vatId = 'SE5560125790';
    expect(run([r('SE-R-001'), r('SE-R-006')], contextFor(inv)).map((f) => f.ruleId)).toEqual([
      'SE-R-001',
      'SE-R-006',
      'SE-R-006',
    ]);
    inv.seller!.address!.countryCode = 'NO';
    inv.seller!.countryCode = 'NO';
    expect(run([r('SE-R-001'), r('SE-R-006')], contextFor(inv))).toEqual([]);
  });

  it('SE-VAT-RATE judges Swedish VAT charged by a supplier outside Sweden, and leaves Swedish suppliers to SE-R-006', () => {
    const inv = domesticInvoice('SE', { standardRate: '17' });
    expect(run(r('SE-VAT-RATE'), contextFor(inv))).toEqual([]);
    inv.seller!.address!.countryCode = 'NO';
    inv.seller!.countryCode = 'NO';
    expect(run(r('SE-VAT-RATE'), contextFor(inv)).map((f) => f.fieldPath)).toEqual([
      'lines[0].vatRate',
      'vatBreakdown[0].rate',
    ]);
  });

  it.each([
    ['SE-R-007', 'SE:PLUSGIRO', '12A4567', '1234567'],
    ['SE-R-010', 'SE:PLUSGIRO', '123456789', '12'],
    ['SE-R-008', 'SE:BANKGIRO', '12A4567', '1234567'],
    ['SE-R-009', 'SE:BANKGIRO', '123456', '12345678'],
  ])('%s warns on a malformed %s account %s and passes %s', (id, branch, bad, good) => {
    const inv = valid();
    inv.paymentMeans = [{ typeCode: '30', accounts: [{ accountId: bad, bic: branch }] }];
    expect(run(r(id), contextFor(inv))).toEqual([
      expect.objectContaining({ ruleId: id, severity: 'warning', fieldPath: 'paymentMeans[0].accounts[0].accountId' }),
    ]);
    inv.paymentMeans[0].accounts![0].accountId = good;
    expect(run(r(id), contextFor(inv))).toEqual([]);
    // Only for code 30 with that giro branch.
    inv.paymentMeans = [{ typeCode: '58', accounts: [{ accountId: bad, bic: branch }] }];
    expect(run(r(id), contextFor(inv))).toEqual([]);
  });

  it('SE-R-011 warns on giro codes 50 / 56 of a Swedish supplier', () => {
    const inv = valid();
    inv.paymentMeans = [{ typeCode: '56', accounts: [{ accountId: '1234567' }] }];
    expect(run(r('SE-R-011'), contextFor(inv))).toEqual([
      expect.objectContaining({ severity: 'warning', actual: '56' }),
    ]);
    inv.paymentMeans[0].typeCode = '30';
    expect(run(r('SE-R-011'), contextFor(inv))).toEqual([]);
  });

  it('SE-R-012 warns on code 31 between Swedish parties only', () => {
    const inv = valid();
    inv.paymentMeans = [{ typeCode: '31', accounts: [{ accountId: '1234567' }] }];
    expect(run(r('SE-R-012'), contextFor(inv))).toEqual([
      expect.objectContaining({ severity: 'warning', actual: '31' }),
    ]);
    inv.buyer!.address!.countryCode = 'FI';
    inv.buyer!.countryCode = 'FI';
    expect(run(r('SE-R-012'), contextFor(inv))).toEqual([]);
  });

  it('rules for Swedish suppliers ignore a Finnish supplier', () => {
    const inv = domesticInvoice('FI');
    inv.seller!.taxRegistrationId = 'whatever';
    expect(run(SE_RULES, contextFor(inv))).toEqual([]);
  });
});
