import { validateInvoice } from '../../../engine/validate-invoice';
import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { EE_RULES } from './ee.rules';

const rate = ruleById(EE_RULES, 'EE-VAT-RATE');

describe('EE VAT rate change on 2025-07-01 (22% → 24%)', () => {
  it.each([
    ['2025-06-30', '22', 0],
    ['2025-07-01', '22', 2],
    ['2025-06-30', '24', 2],
    ['2025-07-01', '24', 0],
    ['2023-12-31', '20', 0],
    ['2024-01-01', '20', 2],
  ])('invoice dated %s at %s%% has %d findings', (issueDate, standardRate, count) => {
    const findings = run(rate, contextFor(domesticInvoice('EE', { issueDate, standardRate })));
    expect(findings).toHaveLength(count);
    if (count) expect(findings[0]).toMatchObject({ ruleId: 'EE-VAT-RATE', actual: standardRate, severity: 'blocking' });
  });

  it('judges by the delivery date when it differs from the issue date', () => {
    const inv = domesticInvoice('EE', { issueDate: '2025-07-02', standardRate: '22' });
    inv.delivery = { date: '2025-06-28' };
    expect(run(rate, contextFor(inv))).toEqual([]);
  });

  it('whole EE pack passes the 2025-06-30 invoice at 22% and fails the 2025-07-01 one', () => {
    expect(run(EE_RULES, contextFor(domesticInvoice('EE', { issueDate: '2025-06-30', standardRate: '22' })))).toEqual(
      [],
    );
    expect(
      run(EE_RULES, contextFor(domesticInvoice('EE', { issueDate: '2025-07-01', standardRate: '22' }))).map(
        (f) => f.ruleId,
      ),
    ).toEqual(['EE-VAT-RATE', 'EE-VAT-RATE']);
  });

  // validateInvoice runs the packs the engine registers; once the country pack is registered the rate rule shows up there too.
  it('validateInvoice gives no blocking finding for the valid 2025-06-30 invoice', () => {
    const blocking = validateInvoice(domesticInvoice('EE', { issueDate: '2025-06-30', standardRate: '22' }), {
      buyerCountry: 'EE',
    }).filter((f) => f.severity === 'blocking');
    expect(blocking).toEqual([]);
  });
});
