import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInvoiceXml } from '@app/formats';
import { loadUnitTestSets, type UnitTestCase } from '@app/formats/testing';
import { RuleEngine } from '../../engine/rule-engine';
import { defaultRuleSettings } from '../../settings';
import { EN16931_RULES } from './index';
import { EN16931_DIR } from '@app/testing/shared-dir';

const FIXTURES = EN16931_DIR;
/**
 * Floor for the agreement with the official unit tests. Every miss below 100% must be listed in
 * KNOWN_DEVIATIONS with its reason; raise the floor when one is fixed.
 */
const MIN_AGREEMENT = 1;
const engine = new RuleEngine(EN16931_RULES, defaultRuleSettings);
const implemented = new Set(EN16931_RULES.map((r) => r.id));

/**
 * Official cases our pack disagrees with, and why (none at present). Key: `<folder>/<file>#<test index>`.
 */
export const KNOWN_DEVIATIONS: Record<string, string> = {};

function validate(xml: string) {
  const { format, invoice } = readInvoiceXml(xml);
  return engine.validate(invoice, { format });
}

describe('EN 16931 official examples', () => {
  const files = ['ubl', 'cii'].flatMap((dir) =>
    readdirSync(join(FIXTURES, 'examples', dir))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => join(dir, f)),
  );
  it.each(files)('%s has no blocking EN 16931 finding', (file) => {
    const blocking = validate(readFileSync(join(FIXTURES, 'examples', file), 'utf8')).filter(
      (f) => f.severity === 'blocking',
    );
    expect(blocking.map((f) => `${f.ruleId} ${f.fieldPath} expected=${f.expected} actual=${f.actual}`)).toEqual([]);
  });
});

interface Outcome {
  key: string;
  rule: string;
  expect: UnitTestCase['expect'];
  ok: boolean;
  detail: string;
}

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
    const known = outcomes.filter((o) => !o.ok && KNOWN_DEVIATIONS[o.key]).length;
    const ruleLevel = ((passed / (outcomes.length - known)) * 100).toFixed(2);
    console.log(
      `EN 16931 unit-test agreement: ${passed}/${outcomes.length} = ${rate}% (${new Set(outcomes.map((o) => o.rule)).size} rules); ` +
        `${ruleLevel}% excluding ${known} documented reader deviations\n` +
        outcomes
          .filter((o) => !o.ok)
          .map((o) => `  ${o.key} ${o.expect} ${o.rule}: ${o.detail}${KNOWN_DEVIATIONS[o.key] ? ' [known]' : ''}`)
          .join('\n'),
    );
    expect(outcomes.length).toBeGreaterThan(400);
    expect(passed / outcomes.length).toBeGreaterThanOrEqual(MIN_AGREEMENT);
  });

  it('disagrees only where a known deviation is documented', () => {
    const unexplained = outcomes
      .filter((o) => !o.ok && !KNOWN_DEVIATIONS[o.key])
      .map((o) => `${o.key} ${o.expect} ${o.rule}: ${o.detail}`);
    expect(unexplained).toEqual([]);
  });

  it('lists no deviation that has since been fixed', () => {
    const stale = Object.keys(KNOWN_DEVIATIONS).filter((k) => outcomes.find((o) => o.key === k)?.ok !== false);
    expect(stale).toEqual([]);
  });
});
