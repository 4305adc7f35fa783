import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInvoiceXml } from '@app/formats';
import { loadUnitTestSets, type UnitTestCase } from '@app/formats/testing/unit-test-sets';
import { RuleEngine } from '../../engine/rule-engine';
import { defaultRuleSettings } from '../../settings';
import { EN16931_RULES } from './index';

const FIXTURES = '/work/shared/en16931';
/**
 * Floor for the agreement with the official unit tests. Every miss below it is a reader-side
 * deviation listed in KNOWN_DEVIATIONS; raise the floor when one is fixed.
 */
const MIN_AGREEMENT = 0.938;
const engine = new RuleEngine(EN16931_RULES, defaultRuleSettings);
const implemented = new Set(EN16931_RULES.map((r) => r.id));

/**
 * Official cases our pack disagrees with, and why. Each is a consequence of the canonical model
 * (it keeps business terms, not XML element presence) or of a fragment the reader cannot map.
 * Key: `<folder>/<file>#<test index>`.
 */
export const KNOWN_DEVIATIONS: Record<string, string> = {
  'Invoice-unit-UBL/BR-08.xml#2': 'success BR-08: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-09.xml#2': 'error BR-09: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-09.xml#3': 'error BR-09: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-10.xml#2': 'success BR-10: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-11.xml#2': 'error BR-11: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-11.xml#3': 'error BR-11: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-17.xml#2': 'error BR-17: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-18.xml#2': 'error BR-18: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-19.xml#3': 'error BR-19: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-20.xml#2': 'error BR-20: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-20.xml#3': 'error BR-20: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-45.xml#2': 'error BR-45: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-46.xml#2': 'error BR-46: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-47.xml#2': 'error BR-47: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-47.xml#3': 'error BR-47: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-49.xml#2': 'error BR-49: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-50.xml#4': 'error BR-50: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-50.xml#5': 'error BR-50: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-55.xml#2': 'error BR-55: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-55.xml#3': 'error BR-55: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-56.xml#2': 'error BR-56: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-57.xml#2': 'error BR-57: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-57.xml#3': 'error BR-57: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-CL-10.xml#2': 'error BR-CL-10: the reader drops identifiers whose value is empty, so their scheme ids are not seen',
  'Invoice-unit-UBL/BR-CL-13.xml#2': 'error BR-CL-13: the reader drops classification codes whose value is empty, so their list ids are not seen',
  'Invoice-unit-UBL/BR-CL-21.xml#2': 'error BR-CL-21: the reader drops item identifiers whose value is empty, so their scheme ids are not seen',
  'Invoice-unit-UBL/BR-CO-15.xml#8': 'error BR-CO-15: the canonical invoice keeps one VAT total: a second total, or one in another currency, is not kept',
  'Invoice-unit-UBL/BR-CO-18.xml#1': 'success BR-CO-18: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-CO-18.xml#2': 'success BR-CO-18: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-CO-19.xml#4': 'error BR-CO-19: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'Invoice-unit-UBL/BR-CO-20.xml#4': 'error BR-CO-20: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-08.xml#2': 'success BR-08: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-09.xml#2': 'error BR-09: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-09.xml#3': 'error BR-09: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-10.xml#2': 'success BR-10: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-11.xml#2': 'error BR-11: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-11.xml#3': 'error BR-11: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-17.xml#2': 'error BR-17: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-18.xml#2': 'error BR-18: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-19.xml#3': 'error BR-19: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-20.xml#2': 'error BR-20: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-20.xml#3': 'error BR-20: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-45.xml#2': 'error BR-45: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-46.xml#2': 'error BR-46: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-47.xml#2': 'error BR-47: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-47.xml#3': 'error BR-47: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-49.xml#2': 'error BR-49: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-50.xml#4': 'error BR-50: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-50.xml#5': 'error BR-50: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-55.xml#2': 'error BR-55: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-55.xml#3': 'error BR-55: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-56.xml#2': 'error BR-56: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-57.xml#2': 'error BR-57: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-57.xml#3': 'error BR-57: the reader drops an element group that is present but empty, so the canonical invoice cannot show it',
  'CreditNote-unit-UBL/BR-CL-18.xml#2': 'error BR-CL-18: the fragment puts an InvoiceLine inside a CreditNote; the reader reads CreditNoteLine only',
  'CreditNote-unit-UBL/BR-CO-15.xml#8': 'error BR-CO-15: the canonical invoice keeps one VAT total: a second total, or one in another currency, is not kept',
  'cii/BR-CO-15-2.xml#3': 'error BR-CO-15: the canonical invoice keeps one VAT total: a second total, or one in another currency, is not kept',
  'cii/BR-CO-15-2.xml#4': 'error BR-CO-15: the canonical invoice keeps one VAT total: a second total, or one in another currency, is not kept',
};

function validate(xml: string) {
  const { format, invoice } = readInvoiceXml(xml);
  return engine.validate(invoice, { format });
}

describe('EN 16931 official examples', () => {
  const files = ['ubl', 'cii'].flatMap((dir) => readdirSync(join(FIXTURES, 'examples', dir)).filter((f) => f.endsWith('.xml')).map((f) => join(dir, f)));
  it.each(files)('%s has no blocking EN 16931 finding', (file) => {
    const blocking = validate(readFileSync(join(FIXTURES, 'examples', file), 'utf8')).filter((f) => f.severity === 'blocking');
    expect(blocking.map((f) => `${f.ruleId} ${f.fieldPath} expected=${f.expected} actual=${f.actual}`)).toEqual([]);
  });
});

interface Outcome { key: string; rule: string; expect: UnitTestCase['expect']; ok: boolean; detail: string }

function runUnitTests(): Outcome[] {
  const out: Outcome[] = [];
  for (const folder of ['Invoice-unit-UBL', 'CreditNote-unit-UBL', 'cii']) {
    for (const set of loadUnitTestSets(join(FIXTURES, 'unit-tests', folder))) {
      set.tests.forEach((t, i) => {
        if (!implemented.has(t.rule)) return;
        const key = `${folder}/${set.file}#${i + 1}`;
        let ok: boolean;
        let detail: string;
        try {
          const hits = validate(t.xml).filter((f) => f.ruleId === t.rule);
          const want = t.expect === 'success' ? null : t.expect === 'error' ? 'blocking' : 'warning';
          ok = want === null ? hits.length === 0 : hits.some((h) => h.severity === want);
          detail = hits.map((h) => `${h.fieldPath} exp=${h.expected} act=${h.actual}`).join('; ') || 'no finding';
        } catch (err) {
          ok = false;
          detail = `reader failed: ${(err as Error).message}`;
        }
        out.push({ key, rule: t.rule, expect: t.expect, ok, detail });
      });
    }
  }
  return out;
}

describe('EN 16931 official unit tests (rules this pack implements)', () => {
  const outcomes = runUnitTests();
  const passed = outcomes.filter((o) => o.ok).length;

  it('reports the agreement rate with the official validation', () => {
    const rate = ((passed / outcomes.length) * 100).toFixed(2);
    // eslint-disable-next-line no-console
    const known = outcomes.filter((o) => !o.ok && KNOWN_DEVIATIONS[o.key]).length;
    const ruleLevel = ((passed / (outcomes.length - known)) * 100).toFixed(2);
    console.log(`EN 16931 unit-test agreement: ${passed}/${outcomes.length} = ${rate}% (${new Set(outcomes.map((o) => o.rule)).size} rules); ` +
      `${ruleLevel}% excluding ${known} documented reader deviations\n` +
      outcomes.filter((o) => !o.ok).map((o) => `  ${o.key} ${o.expect} ${o.rule}: ${o.detail}${KNOWN_DEVIATIONS[o.key] ? ' [known]' : ''}`).join('\n'));
    expect(outcomes.length).toBeGreaterThan(400);
    expect(passed / outcomes.length).toBeGreaterThanOrEqual(MIN_AGREEMENT);
  });

  it('disagrees only where a known deviation is documented', () => {
    const unexplained = outcomes.filter((o) => !o.ok && !KNOWN_DEVIATIONS[o.key]).map((o) => `${o.key} ${o.expect} ${o.rule}: ${o.detail}`);
    expect(unexplained).toEqual([]);
  });

  it('lists no deviation that has since been fixed', () => {
    const stale = Object.keys(KNOWN_DEVIATIONS).filter((k) => outcomes.find((o) => o.key === k)?.ok !== false);
    expect(stale).toEqual([]);
  });
});
