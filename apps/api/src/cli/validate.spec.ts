import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EN16931_DIR, sampleInvoice } from '@app/testing';
import { catalogueEntry } from '@app/rules';
import { runValidateCli } from './validate-documents';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const UBL_OK = join(EN16931_DIR, 'examples', 'ubl', 'ubl-tc434-example7.xml');
const CII_OK = join(EN16931_DIR, 'examples', 'cii', 'CII_example7.xml');

/** The command exactly as `npm run validate --` runs it. */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/demo-data/ts-run.mjs', 'apps/api/src/cli/validate.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('command-line validator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'validate-cli-'));
    // A defective copy: the amount due no longer equals the total with VAT (BR-CO-16).
    const ubl = readFileSync(UBL_OK, 'utf8');
    writeFileSync(
      join(dir, 'a-defective.xml'),
      ubl.replace('<cbc:PayableAmount currencyID="SEK">3200.00<', '<cbc:PayableAmount currencyID="SEK">3999.00<'),
    );
    writeFileSync(join(dir, 'b-broken.xml'), ubl.slice(0, 900));
    writeFileSync(join(dir, 'c-valid.xml'), ubl);
    writeFileSync(join(dir, 'notes.txt'), 'not an invoice');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints VALID and exits 0 for official examples without a blocking finding (UBL and CII)', () => {
    const r = cli(UBL_OK, CII_OK);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^VALID +\S*ubl-tc434-example7\.xml \(ubl, invoice INVOICE_test_7\): 0 blocking/m);
    expect(r.out).toMatch(/^VALID +\S*CII_example7\.xml \(cii, invoice INVOICE_test_7\): 0 blocking/m);
    expect(r.out).toMatch(/packs: en16931@[^,]+, .*syntax@/);
    expect(r.out).toMatch(/2 document\(s\): 2 valid, 0 blocked\n$/);
  });

  it('a folder with a defective copy and an unreadable document: JSON verdicts per document, exit 1', () => {
    const r = cli(dir, '--json', '--lang', 'en');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.documents.map((d: { file: string }) => d.file.split('/').pop())).toEqual([
      'a-defective.xml',
      'b-broken.xml',
      'c-valid.xml',
    ]);
    const [bad, broken, ok] = out.documents;
    expect(bad).toMatchObject({ format: 'ubl', verdict: 'blocked' });
    expect(bad.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'BR-CO-16',
        severity: 'blocking',
        fieldPath: expect.stringContaining('payable'),
      }),
    );
    expect(broken).toMatchObject({ format: 'unreadable', verdict: 'blocked', blocking: 1 });
    expect(broken.findings[0]).toMatchObject({ ruleId: 'XML_MALFORMED', severity: 'blocking' });
    expect(ok).toMatchObject({ format: 'ubl', verdict: 'valid', blocking: 0 });
    expect(out.summary).toEqual({ documents: 3, valid: 1, blocked: 2 });
  });

  it('--lang fi prints Finnish messages and details, the verdicts unchanged', () => {
    const text = cli(dir, '--lang', 'fi');
    expect(text.err).toBe('');
    expect(text.code).toBe(1);
    expect(text.out).toContain('XML_MALFORMED at');
    expect(text.out).toContain('XML-dokumentti ei ole hyvin muodostettu.');
    expect(text.out).toContain(`BR-CO-16 at totals.payable: ${catalogueEntry('BR-CO-16', 'fi')!.message}`);
    expect(text.out).toMatch(/Odotettu arvo \S+, havaittu arvo 3999/);
    expect(text.out).toMatch(/3 document\(s\): 1 valid, 2 blocked\n$/);

    const json = JSON.parse(cli(dir, '--json', '--lang=fi').out);
    expect(json.lang).toBe('fi');
    const broken = json.documents.find((d: { file: string }) => d.file.endsWith('b-broken.xml'));
    expect(broken.findings[0]).toMatchObject({
      ruleId: 'XML_MALFORMED',
      message: 'XML-dokumentti ei ole hyvin muodostettu.',
      hint: 'Pyydä lähettäjältä korjattu dokumentti.',
    });
    expect(broken.findings[0].messageEn).toBeTruthy();
    expect(json.summary).toEqual({ documents: 3, valid: 1, blocked: 2 });
  });

  describe('in process', () => {
    it('usage errors exit 2: no path, unknown option, a language we do not write', async () => {
      expect((await runValidateCli([])).exitCode).toBe(2);
      expect((await runValidateCli([UBL_OK, '--xml'])).exitCode).toBe(2);
      const fr = await runValidateCli([UBL_OK, '--lang', 'fr']);
      expect(fr).toMatchObject({ exitCode: 2, stdout: '' });
      expect(fr.stderr).toContain('not one of en, et, fi, sv, nb, da, lv, lt, pl, de, nl');
      const missing = await runValidateCli([join(dir, 'missing.xml')]);
      expect(missing).toMatchObject({ exitCode: 2, stdout: '' });
      expect(missing.stderr).toContain('cannot read');
    });

    it('reads canonical JSON: a schema error is a blocked document with the field path; an invoice is judged by the rules', async () => {
      const good = join(dir, 'inv.json');
      writeFileSync(good, JSON.stringify(sampleInvoice()));
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ ...sampleInvoice(), unexpectedField: 1 }));
      const r = await runValidateCli([good, bad, '--json']);
      const [g, b] = JSON.parse(r.stdout).documents;
      expect(g.format).toBe('json');
      expect(g.packs.map((p: { name: string }) => p.name)).toContain('en16931');
      expect(g.packs.map((p: { name: string }) => p.name)).not.toContain('syntax');
      expect(b).toMatchObject({ format: 'json', verdict: 'blocked' });
      expect(b.findings).toContainEqual(
        expect.objectContaining({ ruleId: 'VALIDATION_FAILED', fieldPath: 'unexpectedField' }),
      );
      expect(r.exitCode).toBe(1);
      rmSync(good);
      rmSync(bad);
    });
  });
});
