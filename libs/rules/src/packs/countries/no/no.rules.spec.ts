import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { NO_RULES } from './no.rules';

const r = (id: string) => ruleById(NO_RULES, id);

describe('NO national rules', () => {
  it('NO-R-001 passes NO + valid organisation number + MVA', () => {
    expect(run(r('NO-R-001'), contextFor(domesticInvoice('NO')))).toEqual([]);
  });

  it.each([
    ['NO923609016', 'does not have the form'],
    ['NO123456789MVA', 'mod 11'],
  ])('NO-R-001 flags %s', (vatId, why) => {
    const inv = domesticInvoice('NO');
    inv.seller!.vatId = vatId;
    expect(run(r('NO-R-001'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'NO-R-001', fieldPath: 'seller.vatId', severity: 'blocking', message: expect.stringContaining(why) })]);
  });

  it('NO-VAT-ID leaves the seller to NO-R-001 (one finding, not two)', () => {
    const inv = domesticInvoice('NO');
    inv.seller!.vatId = 'NO123456789MVA';
    expect(run(NO_RULES, contextFor(inv)).map((f) => f.ruleId)).toEqual(['NO-R-001']);
  });

  it('NO-R-002 warns when "Foretaksregisteret" is missing and accepts it in a note', () => {
    const inv = domesticInvoice('NO');
    delete inv.seller!.taxRegistrationId;
    expect(run(r('NO-R-002'), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: 'NO-R-002', severity: 'warning', routeKey: 'data.NO' })]);
    inv.notes = ['Foretaksregisteret NO 923 609 016 MVA'];
    expect(run(r('NO-R-002'), contextFor(inv))).toEqual([]);
  });
});
