import { readInvoiceXml } from '../read-invoice-xml';
import { loadUnitTestSets } from '../testing/unit-test-sets';
import { EN16931_DIR } from '@app/testing/shared-dir';

const ROOT = `${EN16931_DIR}/unit-tests`;
const cases = ['Invoice-unit-UBL', 'CreditNote-unit-UBL', 'cii']
  .flatMap((dir) => loadUnitTestSets(`${ROOT}/${dir}`).map((set) => ({ dir, ...set })))
  .filter((set) => /^(UBL|CII)-/.test(set.scope))
  .flatMap((set) =>
    set.tests
      .filter((t) => t.rule === set.scope)
      .map((t, i) => ({ name: `${set.dir}/${set.file} #${i + 1} ${t.expect}`, ...t })),
  );

describe('syntax binding rules against the official unit tests', () => {
  it('covers the UBL-*/CII-* test sets', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', ({ rule, expect: expectation, xml }) => {
    const findings = readInvoiceXml(xml).syntaxFindings.filter((f) => f.ruleId === rule);
    if (expectation === 'success') {
      expect(findings).toEqual([]);
    } else {
      expect(findings.length).toBeGreaterThan(0);
      expect(findings[0].severity).toBe(expectation === 'error' ? 'blocking' : 'warning');
      expect(findings[0]).toMatchObject({ category: 'regulatory', routeKey: 'format.syntax' });
    }
  });
});
