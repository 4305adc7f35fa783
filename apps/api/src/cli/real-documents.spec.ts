import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentVerdict, validateDocument } from './validate-documents';

/**
 * Real documents that the official validators accept must not be blocked by an official rule id of ours.
 * Not committed (8 MB of invoices with attachments): run with
 *   git clone https://github.com/itplr-kosit/xrechnung-testsuite /tmp/xrts
 *   git clone https://github.com/OpenPEPPOL/peppol-bis-invoice-3 /tmp/peppol-bis
 *   XRECHNUNG_TESTSUITE_DIR=/tmp/xrts PEPPOL_BIS_DIR=/tmp/peppol-bis npx jest apps/api/src/cli/real-documents
 * Our own checks beyond the official rules (VAT id checksums and formats of the country packs, e.g.
 * DE-VAT-ID on the made-up `DE123456789`) are reported, not counted: the official validators do not
 * check those.
 */
const XRTS = process.env.XRECHNUNG_TESTSUITE_DIR;
const PEPPOL = process.env.PEPPOL_BIS_DIR;
const OFFICIAL = /^(BR-|PEPPOL-|UBL-|CII-|DE-R-|SE-R-|NL-R-|NO-R-|DK-R-)/;

function xmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? xmlFiles(p) : f.endsWith('.xml') ? [p] : [];
  });
}

async function judge(files: string[]): Promise<{ verdicts: DocumentVerdict[]; official: string[]; own: string[] }> {
  const verdicts = await Promise.all(files.map((f) => validateDocument(f, readFileSync(f, 'utf8'))));
  const blockingIds = (v: DocumentVerdict, official: boolean) =>
    v.findings.filter((f) => f.severity === 'blocking' && OFFICIAL.test(f.ruleId) === official).map((f) => f.ruleId);
  const list = (official: boolean) =>
    verdicts
      .filter((v) => blockingIds(v, official).length)
      .map((v) => `${v.file.replace(/.*\//, '')}: ${[...new Set(blockingIds(v, official))].join(', ')}`);
  return { verdicts, official: list(true), own: list(false) };
}

(XRTS ? describe : describe.skip)('XRechnung test suite (XRECHNUNG_TESTSUITE_DIR)', () => {
  it('the standard business cases and the CIUS technical cases: no blocking official rule id', async () => {
    const files = [
      ...xmlFiles(join(XRTS!, 'src/test/business-cases/standard')),
      ...xmlFiles(join(XRTS!, 'src/test/technical-cases/cius')),
    ];
    const { verdicts, official, own } = await judge(files);
    console.log(
      `XRechnung standard + CIUS cases: ${verdicts.length} documents (UBL and CII), blocked by an official rule id: ${official.length}; ` +
        `blocked only by our own checks: ${own.length}\n${own.join('\n')}`,
    );
    expect(verdicts.length).toBeGreaterThan(70);
    expect(verdicts.every((v) => v.format === 'ubl' || v.format === 'cii')).toBe(true);
    expect(official).toEqual([]);
  });

  it('the extension and code-value cases are reported (the XRechnung extension overrides EN 16931 rules)', async () => {
    const files = [
      ...xmlFiles(join(XRTS!, 'src/test/business-cases/extension')),
      ...xmlFiles(join(XRTS!, 'src/test/technical-cases/cvd')),
    ];
    const { verdicts, official } = await judge(files);
    console.log(`XRechnung extension + cvd cases: ${verdicts.length} documents\n${official.join('\n')}`);
    expect(verdicts.length).toBeGreaterThan(0);
  });
});

(PEPPOL ? describe : describe.skip)('Peppol BIS Billing 3.0 examples (PEPPOL_BIS_DIR)', () => {
  it('no blocking official rule id', async () => {
    const { verdicts, official } = await judge(xmlFiles(join(PEPPOL!, 'rules/examples')));
    expect(verdicts.length).toBeGreaterThan(5);
    expect(official).toEqual([]);
  });
});
