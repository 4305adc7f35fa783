import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { listRules } from '../../index';

/**
 * The texts of every rule outside EN 16931 (Peppol, national and country packs, purchase order, supplier
 * master data, duplicates) in the eleven reviewer languages: complete, parsable ICU, same placeholders.
 */
const LANGS = ['en', 'et', 'fi', 'sv', 'nb', 'da', 'lv', 'lt', 'pl', 'de', 'nl'] as const;
const FIELDS = ['message', 'hint'] as const;

type Entry = Record<(typeof FIELDS)[number], string>;
type Pack = Record<string, Entry>;

function load(lang: string): Pack {
  return JSON.parse(readFileSync(join(__dirname, `packs.${lang}.json`), 'utf8')) as Pack;
}

/** Argument names used anywhere in an ICU message, including inside plural/select branches. */
function placeholders(text: string, lang: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]): void => {
    for (const el of elements as { type: number; value?: unknown; options?: Record<string, { value: unknown[] }> }[]) {
      if (el.type !== 0 && el.type !== 7 && typeof el.value === 'string') names.add(el.value);
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(text, lang).getAst());
  return [...names].sort();
}

const packIds = listRules()
  .map((r) => r.id)
  .filter((id) => !id.startsWith('BR-'))
  .sort();
const packs = Object.fromEntries(LANGS.map((lang) => [lang, load(lang)])) as Record<(typeof LANGS)[number], Pack>;

describe('rule texts of the Peppol, country, purchase-order, supplier and duplicate packs', () => {
  it('covers a non-trivial set of rules', () => {
    expect(packIds.length).toBeGreaterThan(150);
    expect(packIds).toEqual(expect.arrayContaining(['PEPPOL-EN16931-R001', 'DE-LEITWEG-ID', 'SUP-IBAN', 'DUP-EXACT']));
  });

  it.each(LANGS)('%s has exactly the non-BR rule ids, keys sorted', (lang) => {
    const keys = Object.keys(packs[lang]);
    expect(keys).toEqual(packIds);
  });

  it.each(LANGS)('%s: every message and hint is non-empty, ICU-parsable and formats', (lang) => {
    const problems: string[] = [];
    for (const [id, entry] of Object.entries(packs[lang])) {
      for (const field of FIELDS) {
        const text = entry?.[field];
        if (typeof text !== 'string' || text.trim() === '') {
          problems.push(`${id}.${field}: empty`);
          continue;
        }
        try {
          const values = Object.fromEntries(placeholders(text, lang).map((name) => [name, '1']));
          new IntlMessageFormat(text, lang).format(values);
        } catch (e) {
          problems.push(`${id}.${field}: ${(e as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(LANGS.filter((l) => l !== 'en'))('%s uses the same placeholders as en', (lang) => {
    const problems: string[] = [];
    for (const id of packIds) {
      for (const field of FIELDS) {
        const en = placeholders(packs.en[id][field], 'en').join();
        let other: string;
        try {
          other = placeholders(packs[lang][id]?.[field] ?? '', lang).join();
        } catch {
          other = '(unparsable)';
        }
        if (en !== other) problems.push(`${id}.${field}: [${other}] instead of [${en}]`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(LANGS.filter((l) => l !== 'en'))('%s is translated: at least 90% of texts differ from en', (lang) => {
    let differing = 0;
    for (const id of packIds)
      for (const field of FIELDS) if (packs[lang][id]?.[field] !== packs.en[id][field]) differing++;
    expect(differing / (packIds.length * FIELDS.length)).toBeGreaterThanOrEqual(0.9);
  });
});
