import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInvoiceResponse, fatalFailures } from './invoice-response.check';

/**
 * The Invoice Response rules against OpenPEPPOL's published material (./fixtures, see its README): every use-case example is valid, and every unit test meets its expected outcome.
 */
const DIR = join(__dirname, 'fixtures');
const xmlFiles = (sub: string) =>
  readdirSync(join(DIR, sub))
    .filter((f) => f.endsWith('.xml'))
    .sort();

describe('Peppol Invoice Response rules (T111)', () => {
  it.each(xmlFiles('examples'))('published example %s has no fatal failure', (file) => {
    expect(fatalFailures(readFileSync(join(DIR, 'examples', file), 'utf8'))).toEqual([]);
  });

  it('covers the published examples (13 files; every status code but AB, which has no example)', () => {
    const codes = xmlFiles('examples').map(
      (f) => /<cbc:ResponseCode[^>]*>([A-Z]{2})</.exec(readFileSync(join(DIR, 'examples', f), 'utf8'))![1],
    );
    expect(codes).toHaveLength(13);
    expect(new Set(codes)).toEqual(new Set(['IP', 'UQ', 'CA', 'RE', 'AP', 'PD']));
  });

  const cases = xmlFiles('unit-tests').flatMap((file) => {
    const source = readFileSync(join(DIR, 'unit-tests', file), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    return [...source.matchAll(/<test\b[^>]*id="(\d+)"[^>]*>([\s\S]*?)<\/test>/g)].flatMap(([, id, body]) => {
      const assert = /<assert>([\s\S]*?)<\/assert>/.exec(body)!;
      const xml = body.slice(assert.index + assert[0].length).trim();
      return [...assert[1].matchAll(/<(success|error|warning)>\s*([^<\s]+)\s*<\//g)].map(
        ([, expect, rule]) => [`${file} #${id}: ${expect} ${rule}`, { rule, expect, xml }] as const,
      );
    });
  });

  it('reads the published unit tests', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  it.each(cases)('%s', (_name, c) => {
    const failed = checkInvoiceResponse(c.xml).filter((f) => f.ruleId === c.rule);
    if (c.expect === 'success') expect(failed).toEqual([]);
    else expect(failed.map((f) => f.flag)).toContain(c.expect === 'error' ? 'fatal' : 'warning');
  });

  it('names the rule and the element of a broken response', () => {
    const example = readFileSync(join(DIR, 'examples', 'T111-uc004a-Invoice-is-rejected.xml'), 'utf8');
    const broken = example
      .replace(/<cac:Status>[\s\S]*?<\/cac:Status>/, '')
      .replace('<cbc:DocumentTypeCode>380<', '<cbc:DocumentTypeCode>9999<')
      .replace('schemeID="0196">6963495890', '>6963495890');
    expect(fatalFailures(broken).map((f) => [f.ruleId, f.path])).toEqual(
      expect.arrayContaining([
        ['PEPPOL-T111-R001', '/ApplicationResponse/DocumentResponse/Response'],
        ['PEPPOL-T111-B04201', '/ApplicationResponse/DocumentResponse/DocumentReference/DocumentTypeCode'],
        ['PEPPOL-T111-B00901', '/ApplicationResponse/SenderParty/EndpointID'],
      ]),
    );
  });
});
