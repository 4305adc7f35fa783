import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '@app/rules';
import { sampleInvoice } from '@app/testing';
import type { IntakeLimits } from './intake-limits';
import {
  MAX_STORED_SYNTAX_FINDINGS,
  MAX_STORED_SYNTAX_FINDINGS_CHARS,
  readIntakeBody,
  storedSyntaxFindings,
} from './read-intake-body';

const LIMITS: IntakeLimits = {
  maxJsonDepth: 32,
  maxLines: 10_000,
  maxAllowancesPerLine: 100,
  maxXmlElements: 1_000_000,
  maxXmlAttributes: 1_000_000,
  maxEmbeddedXmlBytes: 10 * 1024 * 1024,
};
const UBL = readFileSync(join(__dirname, '../../../../../../libs/formats/fixtures/ubl/fi-valid-invoice.xml'), 'utf8');

describe('readIntakeBody: the syntax findings intake stores for the worker', () => {
  it('an XML document carries the findings its reading produced, as JSON text', async () => {
    // cbc:UUID is not used by EN 16931: the syntax binding warns (UBL-CR-005).
    const xml = UBL.replace('<cbc:CustomizationID>', '<cbc:UUID>1</cbc:UUID><cbc:CustomizationID>');
    const out = await readIntakeBody({ kind: 'xml', text: xml }, LIMITS);
    if (!out.ok) throw new Error(out.failure.message);
    const stored = JSON.parse(out.syntaxFindings!) as Finding[];
    expect(stored.map((f) => f.ruleId)).toEqual(['UBL-CR-005']);
    expect(stored[0]).toMatchObject({ severity: expect.any(String), category: expect.any(String) });
  });

  it('a clean XML document stores an empty list (the worker then reads nothing), a JSON invoice none', async () => {
    const xml = await readIntakeBody({ kind: 'xml', text: UBL }, LIMITS);
    const json = await readIntakeBody({ kind: 'json', text: JSON.stringify(sampleInvoice()) }, LIMITS);
    expect(xml.ok && xml.syntaxFindings).toBe('[]');
    expect(json.ok && json.syntaxFindings).toBeNull();
  });

  it('more findings or more text than are stored: none (the worker reads the document and caps them)', () => {
    const finding: Finding = {
      ruleId: 'UBL-CR-005',
      severity: 'warning',
      category: 'regulatory',
      fieldPath: '/Invoice/UUID',
      message: 'UUID should not be present',
      routeKey: '',
    };
    expect(storedSyntaxFindings(Array(3).fill(finding), 3)).not.toBeNull();
    expect(storedSyntaxFindings(Array(4).fill(finding), 3)).toBeNull();
    expect(storedSyntaxFindings(Array(MAX_STORED_SYNTAX_FINDINGS + 1).fill(finding))).toBeNull();
    // Findings quote the document: a few with long values are as much as many.
    const quoting = { ...finding, actual: 'x'.repeat(MAX_STORED_SYNTAX_FINDINGS_CHARS) };
    expect(storedSyntaxFindings([finding])).not.toBeNull();
    expect(storedSyntaxFindings([quoting])).toBeNull();
  });
});
