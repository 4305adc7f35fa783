import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listSyntaxRules } from '@app/formats';
import { ENGINE_RULE_ERROR, listRules } from '@app/rules';
import {
  CATALOGUE_FAMILIES,
  catalogueFile,
  COMMON_FINDING_IDS,
  messagePlaceholders,
  SYNTAX_RULE_TEXTS,
  type CatalogueFamily,
} from './catalogue';
import { SUPPORTED_LANGUAGES } from './languages';

/**
 * Completeness of the message catalogue: every rule of listRules(), every syntax rule of the XML
 * reader and every system finding has a message (and a hint where English has one) in every
 * language, the ICU texts parse, and every language uses the same placeholders as English.
 * Run: bash scripts/test.sh libs/rules/src/i18n
 */

/** Families whose files must exist in every language: all of them (a new family starts outside this list). */
const REQUIRED_FAMILIES: CatalogueFamily[] = [...CATALOGUE_FAMILIES];

const RULE_PLACEHOLDERS = ['actual', 'expected', 'field'];
const COMMON_PLACEHOLDERS = [...RULE_PLACEHOLDERS, 'element', 'rule', 'stage', 'attempts'];
const DIR = join(__dirname, 'catalogue');

const ruleIds = listRules().map((r) => r.id);
const expectedKeys: Record<CatalogueFamily, string[]> = {
  en16931: ruleIds.filter((id) => id.startsWith('BR-')),
  packs: ruleIds.filter((id) => !id.startsWith('BR-')),
  common: [
    ...new Set([
      ...Object.entries(SYNTAX_RULE_TEXTS).map(([id, [family]]) => (family === 'specific' ? id : `syntax.${family}`)),
      ...COMMON_FINDING_IDS,
      'detail.expected-actual',
      'detail.expected',
      'detail.actual',
    ]),
  ],
};

const filesOf = (family: CatalogueFamily) =>
  SUPPORTED_LANGUAGES.filter((lang) => existsSync(join(DIR, `${family}.${lang}.json`)));
const checked = CATALOGUE_FAMILIES.filter((f) => REQUIRED_FAMILIES.includes(f) || filesOf(f).length > 0);

describe('message catalogue', () => {
  it('knows every syntax rule the XML reader raises, with the same element', () => {
    const fromReader = Object.fromEntries(listSyntaxRules().map((r) => [r.id, [r.family, r.element]]));
    expect(SYNTAX_RULE_TEXTS).toEqual(fromReader);
    // None of them is also a rule of listRules() (that text would be written twice).
    expect(Object.keys(SYNTAX_RULE_TEXTS).filter((id) => ruleIds.includes(id))).toEqual([]);
    expect(COMMON_FINDING_IDS).toContain(ENGINE_RULE_ERROR);
    expect(COMMON_FINDING_IDS).toContain('SYSTEM-FAILED');
  });

  it('has the required families in every language, and English for every family being written', () => {
    for (const family of checked) expect(filesOf(family)).toContain('en');
    for (const family of REQUIRED_FAMILIES) expect(filesOf(family)).toEqual([...SUPPORTED_LANGUAGES]);
  });

  describe.each(checked)('%s', (family) => {
    const keys = expectedKeys[family];
    const allowed = family === 'common' ? COMMON_PLACEHOLDERS : RULE_PLACEHOLDERS;

    // A family still being written is checked language by language as its files land; once it is
    // required (REQUIRED_FAMILIES), a missing language fails.
    const langs = REQUIRED_FAMILIES.includes(family) ? [...SUPPORTED_LANGUAGES] : filesOf(family);

    it.each(langs)('%s: every key, non-empty, valid ICU, same placeholders as English', (lang) => {
      const en = catalogueFile(family, 'en') ?? {};
      const file = catalogueFile(family, lang) ?? {};
      const problems: string[] = [];
      const extra = Object.keys(file).filter((k) => !keys.includes(k) && !k.startsWith('label.'));
      if (extra.length) problems.push(`unknown keys: ${extra.join(', ')}`);
      for (const key of keys) {
        const entry = file[key];
        if (!entry || typeof entry.message !== 'string' || entry.message.trim() === '') {
          problems.push(`${key}: message missing`);
          continue;
        }
        for (const part of ['message', 'hint'] as const) {
          const text = entry[part];
          const enText = en[key]?.[part];
          if (part === 'hint' && (text === undefined || text === '') && (enText === undefined || enText === ''))
            continue;
          if (typeof text !== 'string' || text.trim() === '') {
            problems.push(`${key}: ${part} missing (English has one)`);
            continue;
          }
          let names: string[];
          try {
            names = messagePlaceholders(text);
          } catch (e) {
            problems.push(`${key}: ${part} is not valid ICU MessageFormat (${(e as Error).message})`);
            continue;
          }
          const bad = names.filter((n) => !allowed.includes(n));
          if (bad.length) problems.push(`${key}: ${part} uses placeholders ${bad.join(', ')}`);
          if (typeof enText === 'string' && enText !== '') {
            const enNames = messagePlaceholders(enText);
            if (names.join() !== enNames.join())
              problems.push(
                `${key}: ${part} placeholders {${names.join('}{')}} differ from English {${enNames.join('}{')}}`,
              );
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it.each(langs.filter((l) => l !== 'en'))('%s: is a translation, not a copy of English', (lang) => {
      const en = catalogueFile(family, 'en') ?? {};
      const file = catalogueFile(family, lang) ?? {};
      const present = keys.filter((k) => file[k]?.message && en[k]?.message);
      const same = present.filter((k) => file[k].message === en[k].message);
      expect(present.length).toBeGreaterThan(0);
      expect(same.length / present.length).toBeLessThanOrEqual(0.1);
    });
  });
});
