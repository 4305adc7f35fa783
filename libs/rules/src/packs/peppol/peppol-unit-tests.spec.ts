import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInvoiceXml } from '@app/formats';
import { validateInvoice } from '../../engine/validate-invoice';
import { judge, loadPeppolCases, PEPPOL_BIS_DIR, summarise } from './testing/peppol-unit-tests.testing';

/**
 * Agreement with OpenPEPPOL's unit tests. Not committed: run with
 *   PEPPOL_BIS_DIR=/path/to/peppol-bis-invoice-3 npx jest libs/rules/src/packs/peppol/peppol-unit-tests
 */
const SETS: [string, string[], number][] = [
  // label, folders, floor
  ['SE', ['unit-UBL-SE'], 0.95],
  ['NL', ['unit-UBL-NL'], 0.95],
  ['NO', ['unit-UBL-NO'], 0.95],
  ['DK', ['unit-UBL-DK'], 0.95],
  ['DE', ['unit-UBL-DE'], 0.95],
  ['PEPPOL generic', ['unit-UBL-PEPPOL'], 0.95],
  // The CII syntax of the same rules (Peppol's CII Schematron), reported for information.
  ['CII SE', ['unit-CII-SE'], 0],
  ['CII NL', ['unit-CII-NL'], 0],
  ['CII NO', ['unit-CII-NO'], 0],
  ['CII DK', ['unit-CII-DK'], 0],
  ['CII PEPPOL generic', ['unit-CII-PEPPOL'], 0],
];

const run = PEPPOL_BIS_DIR ? describe : describe.skip;

run('OpenPEPPOL unit tests (PEPPOL_BIS_DIR)', () => {
  it.each(SETS)('%s agrees with the Peppol schematron', (label, folders, floor) => {
    const outcomes = judge(folders.flatMap((f) => loadPeppolCases(f)));
    console.log(summarise(label, outcomes));
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.ok).length / outcomes.length).toBeGreaterThanOrEqual(floor);
  });

  it('the official Peppol examples (rules/examples) have no blocking PEPPOL finding', () => {
    const dir = join(PEPPOL_BIS_DIR!, 'rules', 'examples');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.xml')) : [];
    expect(files.length).toBeGreaterThan(0);
    const blocking = files.flatMap((f) => {
      const { format, invoice, syntaxFindings } = readInvoiceXml(readFileSync(join(dir, f), 'utf8'));
      return validateInvoice(invoice, { format, syntaxFindings })
        .filter((x) => x.severity === 'blocking' && x.ruleId.startsWith('PEPPOL-'))
        .map((x) => `${f}: ${x.ruleId} ${x.fieldPath} ${x.actual ?? ''}`);
    });
    expect(blocking).toEqual([]);
  });
});
