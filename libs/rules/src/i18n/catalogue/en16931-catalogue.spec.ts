import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { listRules } from '../../engine/validate-invoice';

/**
 * The EN 16931 rule texts (every BR-* rule) in the eleven reviewer languages: each file has exactly the
 * BR-* rules the engine lists, every message and hint is a non-empty ICU message that formats, carries
 * the same placeholders as English, and is really translated (not English copied over).
 */
const LANGS = ['en', 'et', 'fi', 'sv', 'nb', 'da', 'lv', 'lt', 'pl', 'de', 'nl'] as const;
const FIELDS = ['message', 'hint'] as const;

type Entry = Record<(typeof FIELDS)[number], string>;
type Catalogue = Record<string, Entry>;

const load = (lang: string): Catalogue =>
  JSON.parse(readFileSync(join(__dirname, `en16931.${lang}.json`), 'utf8')) as Catalogue;

/** Argument names used anywhere in an ICU message (nested plural/select options included). */
function placeholders(source: string, lang: string): string[] {
  const names = new Set<string>();
  const visit = (nodes: unknown[]): void => {
    for (const node of nodes as { value?: unknown; options?: Record<string, { value: unknown[] }> }[]) {
      if (typeof node.value === 'string' && 'type' in node && (node as { type: number }).type !== 0)
        names.add(node.value);
      for (const option of Object.values(node.options ?? {})) visit(option.value);
    }
  };
  visit(new IntlMessageFormat(source, lang).getAst());
  return [...names].sort();
}

const ruleIds = listRules()
  .map((r) => r.id)
  .filter((id) => id.startsWith('BR-'))
  .sort();
const en = load('en');

describe('EN 16931 rule texts (BR-*)', () => {
  it('the engine lists the BR-* rules the catalogue is written for', () => {
    expect(ruleIds.length).toBeGreaterThanOrEqual(200);
  });

  describe.each(LANGS)('%s', (lang) => {
    const catalogue = load(lang);

    it('has exactly the BR-* rule ids of listRules(), sorted', () => {
      expect(Object.keys(catalogue)).toEqual(ruleIds);
    });

    it('has a non-empty, ICU-formattable message and hint for every rule, with the placeholders of English', () => {
      const problems: string[] = [];
      for (const id of ruleIds) {
        for (const field of FIELDS) {
          const text = catalogue[id]?.[field];
          if (typeof text !== 'string' || text.trim() === '') {
            problems.push(`${id}.${field}: empty`);
            continue;
          }
          try {
            const args = Object.fromEntries(placeholders(en[id][field], 'en').map((n) => [n, 'x']));
            new IntlMessageFormat(text, lang).format(args);
            if (placeholders(text, lang).join() !== placeholders(en[id][field], 'en').join())
              problems.push(`${id}.${field}: placeholders differ from English`);
          } catch (e) {
            problems.push(`${id}.${field}: ${(e as Error).message}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    if (lang !== 'en')
      it('is translated: at least 90% of the texts differ from English', () => {
        const entries = ruleIds.flatMap((id) => FIELDS.map((f) => [catalogue[id]?.[f], en[id][f]]));
        const same = entries.filter(([t, e]) => t === e).length;
        expect(same / entries.length).toBeLessThanOrEqual(0.1);
      });
  });
});
