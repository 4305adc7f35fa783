import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInvoiceXml } from '@app/formats';
import { EN16931_DIR, sampleInvoice } from '@app/testing';
import { EnvironmentVariables } from '@app/config';
import { checkCanonicalLimits, CODE_MAX } from './canonical-limits';

const defaults = new EnvironmentVariables();
const examples = ['ubl', 'cii'].flatMap((dir) =>
  readdirSync(join(EN16931_DIR, 'examples', dir))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => join(EN16931_DIR, 'examples', dir, f)),
);

describe('checkCanonicalLimits', () => {
  it('admits every official example invoice under the default intake limits', async () => {
    expect(examples.length).toBeGreaterThan(60);
    for (const file of examples) {
      const { invoice } = readInvoiceXml(readFileSync(file), {
        maxElements: defaults.INTAKE_MAX_XML_ELEMENTS,
        maxAttributes: defaults.INTAKE_MAX_XML_ATTRIBUTES,
      });
      expect({ file, details: await checkCanonicalLimits(invoice) }).toEqual({ file, details: [] });
    }
  });

  it('leaves codes to the rules but refuses absurd lengths, with path and maximum', async () => {
    expect(await checkCanonicalLimits({ ...sampleInvoice(), currency: 'EURO' })).toEqual([]);
    const details = await checkCanonicalLimits({
      ...sampleInvoice(),
      currency: 'E'.repeat(CODE_MAX + 1),
      invoiceNumber: 'N'.repeat(101),
    });
    expect(details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'currency', expected: `at most ${CODE_MAX} characters` }),
        expect.objectContaining({ path: 'invoiceNumber', expected: 'at most 100 characters' }),
      ]),
    );
  });

  it('does not refuse a value that is too short or ill-formatted (the rules report those)', async () => {
    expect(
      await checkCanonicalLimits({
        ...sampleInvoice(),
        invoiceNumber: '',
        issueDate: '31.12.2026',
        seller: { name: '', countryCode: 'FIN' },
      }),
    ).toEqual([]);
  });

  it('refuses NUL characters and unpaired surrogates with their path', async () => {
    const inv = sampleInvoice();
    inv.lines[0].description = 'a\u0000b';
    inv.notes = ['\ud800'];
    expect((await checkCanonicalLimits(inv)).map((d) => d.path).sort()).toEqual(['lines[0].description', 'notes[0]']);
  });
});
