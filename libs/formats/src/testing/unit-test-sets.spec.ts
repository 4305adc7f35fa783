import { loadUnitTestSets, parseUnitTestSet } from './unit-test-sets';
import { EN16931_DIR } from '@app/testing/shared-dir';

describe('loadUnitTestSets', () => {
  it('loads every official UBL invoice test set with its scope and cases', () => {
    const sets = loadUnitTestSets(`${EN16931_DIR}/unit-tests/Invoice-unit-UBL`);
    expect(sets).toHaveLength(206);
    const sr12 = sets.find((s) => s.file === 'UBL-SR-12.xml')!;
    expect(sr12.scope).toBe('UBL-SR-12');
    expect(sr12.tests.map((t) => t.expect)).toEqual(['success', 'error']);
    expect(sr12.tests[0].description).toBe('Sellers VAT number must occur only once');
    expect(sr12.tests[1].xml).toMatch(/^<\?xml[^>]*>\s*<Invoice[\s>]/);
    expect(sr12.tests[1].xml.trim().endsWith('</Invoice>')).toBe(true);
  });

  it('skips commented-out parts and keeps the per-test description', () => {
    const set = parseUnitTestSet(
      'X.xml',
      `<testSet><assert><scope>BR-01</scope></assert><!-- <test><assert><error>BR-01</error></assert><Invoice/></test> -->
       <test><assert><description>d1</description><warning number="2">BR-01</warning></assert><rsm:CrossIndustryInvoice xmlns:rsm="r"/></test></testSet>`,
    );
    expect(set.tests).toEqual([
      {
        description: 'd1',
        expect: 'warning',
        rule: 'BR-01',
        xml: expect.stringContaining('<rsm:CrossIndustryInvoice'),
      },
    ]);
  });
});
