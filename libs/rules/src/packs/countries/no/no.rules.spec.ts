import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { validateInvoice } from '../../../engine/validate-invoice';
import { mod11Valid, NO_RULES } from './no.rules';

const r = (id: string) => ruleById(NO_RULES, id);

describe('NO national rules', () => {
  it('NO-R-001 passes NO + valid organisation number + MVA', () => {
    expect(run(r('NO-R-001'), contextFor(domesticInvoice('NO')))).toEqual([]);
  });

  it.each(['NO923609016', 'NO123456789MVA', 'NO92360901MVA'])('NO-R-001 flags %s', (vatId) => {
    const inv = domesticInvoice('NO');
    inv.seller!.vatId = vatId;
    expect(run(r('NO-R-001'), contextFor(inv))).toEqual([
      expect.objectContaining({ ruleId: 'NO-R-001', fieldPath: 'seller.vatId', severity: 'blocking', actual: vatId }),
    ]);
  });

  it('mod11Valid follows the Schematron (weights 2-7 from the right, number above zero)', () => {
    expect(mod11Valid('923609016')).toBe(true);
    expect(mod11Valid('923609017')).toBe(false);
    expect(mod11Valid('000000000')).toBe(false);
  });

  it('NO-R-001 and NO-R-002 judge the supplier by its VAT id prefix, even without an address (Peppol $supplierCountry)', () => {
    const inv = domesticInvoice('NO');
    delete inv.seller!.address;
    delete inv.seller!.countryCode;
    inv.seller!.vatId = 'NO1232434';
    delete inv.seller!.taxRegistrationId;
    // Through the engine: no address country to select the NO pack by, the rules still run.
    const ids = validateInvoice(inv, { buyerCountry: 'FI' }).map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['NO-R-001', 'NO-R-002']));
    // A Norwegian address with a foreign VAT id is not a Norwegian supplier.
    const foreignVat = domesticInvoice('NO');
    foreignVat.seller!.vatId = 'GB1232434';
    delete foreignVat.seller!.taxRegistrationId;
    expect(run([r('NO-R-001'), r('NO-R-002')], contextFor(foreignVat))).toEqual([]);
  });

  it('NO-VAT-ID leaves the seller to NO-R-001 (one finding, not two)', () => {
    const inv = domesticInvoice('NO');
    inv.seller!.vatId = 'NO123456789MVA';
    expect(run(NO_RULES, contextFor(inv)).map((f) => f.ruleId)).toEqual(['NO-R-001']);
  });

  it('NO-R-002 warns when the tax registration is not "Foretaksregisteret" (a note does not count)', () => {
    const inv = domesticInvoice('NO');
    delete inv.seller!.taxRegistrationId;
    inv.notes = ['Foretaksregisteret NO 923 609 016 MVA'];
    expect(run(r('NO-R-002'), contextFor(inv))).toEqual([
      expect.objectContaining({ ruleId: 'NO-R-002', severity: 'warning', routeKey: 'data.NO' }),
    ]);
    inv.seller!.taxRegistrationId = ' Foretaksregisteret ';
    expect(run(r('NO-R-002'), contextFor(inv))).toEqual([]);
  });
});
