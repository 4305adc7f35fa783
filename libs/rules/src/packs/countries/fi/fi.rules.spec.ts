import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { FI_RULES } from './fi.rules';

const rate = ruleById(FI_RULES, 'FI-VAT-RATE');

describe('FI VAT rate change on 2024-09-01 (24% → 25.5%)', () => {
  it.each([
    ['2024-08-31', '24', 0],
    ['2024-09-01', '24', 2],
    ['2024-08-31', '25.5', 2],
    ['2024-09-01', '25.5', 0],
    ['2024-09-01', '25.50', 0],
  ])('invoice dated %s at %s%% has %d findings', (issueDate, standardRate, count) => {
    const findings = run(rate, contextFor(domesticInvoice('FI', { issueDate, standardRate })));
    expect(findings).toHaveLength(count);
    if (count)
      expect(findings[0]).toMatchObject({ ruleId: 'FI-VAT-RATE', fieldPath: 'lines[0].vatRate', actual: standardRate });
  });

  it('a tax point date before the change keeps the old rate', () => {
    const inv = domesticInvoice('FI', { issueDate: '2024-09-03', standardRate: '24' });
    inv.taxPointDate = '2024-08-30';
    expect(run(rate, contextFor(inv))).toEqual([]);
  });

  it('whole FI pack: 24% passes before the change, 25.5% after', () => {
    expect(run(FI_RULES, contextFor(domesticInvoice('FI', { issueDate: '2024-08-31', standardRate: '24' })))).toEqual(
      [],
    );
    expect(run(FI_RULES, contextFor(domesticInvoice('FI', { issueDate: '2024-09-01', standardRate: '25.5' })))).toEqual(
      [],
    );
  });
});
