import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInvoiceXml } from '@app/formats';
import { RuleEngine } from '../../engine/rule-engine';
import { defaultRuleSettings } from '../../settings';
import { EN16931_RULES } from './index';
import { INVOICE_DEFECTS } from './testing/invoice-defects.testing';
import { EN16931_DIR } from '@app/testing/shared-dir';

/**
 * What unseen supplier invoices look like: complete, real invoices with one typical defect each.
 * Every official example is given each defect that applies to it; the blocking EN 16931 findings
 * (business rules and syntax binding) must be exactly the ones the official validation reports.
 */
const EXAMPLES = `${EN16931_DIR}/examples`;
const engine = new RuleEngine(EN16931_RULES, defaultRuleSettings);

function blockingIds(xml: string): string[] {
  const { format, invoice, syntaxFindings } = readInvoiceXml(xml);
  const findings = [...engine.validate(invoice, { format }), ...syntaxFindings];
  // Peppol BIS rules (PEPPOL-*, reported with the syntax findings of Peppol documents) are not EN 16931's.
  return [
    ...new Set(
      findings.filter((f) => f.severity === 'blocking' && !f.ruleId.startsWith('PEPPOL-')).map((f) => f.ruleId),
    ),
  ].sort();
}

const examples = (['ubl', 'cii'] as const).flatMap((format) =>
  readdirSync(join(EXAMPLES, format))
    .filter((f) => f.endsWith('.xml'))
    .map((file) => ({ format, file, xml: readFileSync(join(EXAMPLES, format, file), 'utf8') })),
);

const cases = examples.flatMap((ex) =>
  INVOICE_DEFECTS.flatMap((defect) => {
    const mutated = defect[ex.format]?.(ex.xml);
    if (!mutated || mutated === ex.xml) return [];
    const original = readInvoiceXml(ex.xml).invoice;
    const expected = typeof defect.expect === 'function' ? defect.expect(original, ex.format) : defect.expect;
    return [{ label: `${ex.format}/${ex.file}: ${defect.name}`, xml: mutated, expected: [...expected].sort() }];
  }),
);

describe('EN 16931 on complete invoices with one defect', () => {
  it.each(examples.map((e) => [`${e.format}/${e.file}`, e.xml]))(
    '%s as published has no blocking finding',
    (_name, xml) => {
      expect(blockingIds(xml)).toEqual([]);
    },
  );

  it('applies enough defects to matter', () => {
    expect(cases.length).toBeGreaterThan(500);
    expect(new Set(cases.map((c) => c.label.split(': ')[1])).size).toBe(INVOICE_DEFECTS.length);
  });

  it.each(cases.map((c) => [c.label, c]))('%s', (_label, c) => {
    expect(blockingIds(c.xml)).toEqual(c.expected);
  });
});
