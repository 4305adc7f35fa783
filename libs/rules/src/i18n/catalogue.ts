import { IntlMessageFormat } from 'intl-messageformat';
import en16931Da from './catalogue/en16931.da.json';
import en16931De from './catalogue/en16931.de.json';
import en16931En from './catalogue/en16931.en.json';
import en16931Et from './catalogue/en16931.et.json';
import en16931Fi from './catalogue/en16931.fi.json';
import en16931Lt from './catalogue/en16931.lt.json';
import en16931Lv from './catalogue/en16931.lv.json';
import en16931Nb from './catalogue/en16931.nb.json';
import en16931Nl from './catalogue/en16931.nl.json';
import en16931Pl from './catalogue/en16931.pl.json';
import en16931Sv from './catalogue/en16931.sv.json';
import packsDa from './catalogue/packs.da.json';
import packsDe from './catalogue/packs.de.json';
import packsEn from './catalogue/packs.en.json';
import packsEt from './catalogue/packs.et.json';
import packsFi from './catalogue/packs.fi.json';
import packsLt from './catalogue/packs.lt.json';
import packsLv from './catalogue/packs.lv.json';
import packsNb from './catalogue/packs.nb.json';
import packsNl from './catalogue/packs.nl.json';
import packsPl from './catalogue/packs.pl.json';
import packsSv from './catalogue/packs.sv.json';
import commonDa from './catalogue/common.da.json';
import commonDe from './catalogue/common.de.json';
import commonEn from './catalogue/common.en.json';
import commonEt from './catalogue/common.et.json';
import commonFi from './catalogue/common.fi.json';
import commonLt from './catalogue/common.lt.json';
import commonLv from './catalogue/common.lv.json';
import commonNb from './catalogue/common.nb.json';
import commonNl from './catalogue/common.nl.json';
import commonPl from './catalogue/common.pl.json';
import commonSv from './catalogue/common.sv.json';
import syntaxRules from './catalogue/syntax-rules.json';
import { SUPPORTED_LANGUAGES, type Language } from './languages';

/** One text of the catalogue: ICU MessageFormat strings, the hint may be absent or empty. */
export interface CatalogueEntry {
  message: string;
  hint?: string;
}
export type CatalogueEntries = Record<string, CatalogueEntry>;

/**
 * The catalogue is split in file families, each with one file per language (`<family>.<lang>.json`):
 * `en16931` (BR-* rules), `packs` (every other rule of listRules()), `common` (syntax rules of the XML
 * reader, system findings, document errors, shared templates and labels).
 */
export const CATALOGUE_FAMILIES = ['en16931', 'packs', 'common'] as const;
export type CatalogueFamily = (typeof CATALOGUE_FAMILIES)[number];

/** Every file of the catalogue, imported statically so every bundler and the tsc build carry them. */
const FILES: Record<CatalogueFamily, Record<Language, CatalogueEntries>> = {
  en16931: {
    en: en16931En,
    et: en16931Et,
    fi: en16931Fi,
    sv: en16931Sv,
    nb: en16931Nb,
    da: en16931Da,
    lv: en16931Lv,
    lt: en16931Lt,
    pl: en16931Pl,
    de: en16931De,
    nl: en16931Nl,
  },
  packs: {
    en: packsEn,
    et: packsEt,
    fi: packsFi,
    sv: packsSv,
    nb: packsNb,
    da: packsDa,
    lv: packsLv,
    lt: packsLt,
    pl: packsPl,
    de: packsDe,
    nl: packsNl,
  },
  common: {
    en: commonEn,
    et: commonEt,
    fi: commonFi,
    sv: commonSv,
    nb: commonNb,
    da: commonDa,
    lv: commonLv,
    lt: commonLt,
    pl: commonPl,
    de: commonDe,
    nl: commonNl,
  },
};

/** Syntax rule id → [family of its sentence, element or attribute it names (never translated)]. */
export const SYNTAX_RULE_TEXTS: Readonly<Record<string, readonly [string, string]>> = syntaxRules as unknown as Record<
  string,
  [string, string]
>;

/** The entries of one catalogue file. */
export function catalogueFile(family: CatalogueFamily, lang: Language): CatalogueEntries | undefined {
  return FILES[family]?.[lang];
}

/** The catalogue entry for a key (rule id, syntax family, label) in one language, from whichever family holds it. */
export function catalogueEntry(key: string, lang: Language): CatalogueEntry | undefined {
  for (const family of CATALOGUE_FAMILIES) {
    const entry = catalogueFile(family, lang)?.[key];
    if (entry && typeof entry.message === 'string' && entry.message.trim() !== '') return entry;
  }
  return undefined;
}

const compiled = new Map<string, IntlMessageFormat | null>();

/** Compiles once per language and text (the cache holds at most texts × languages entries). */
export function compileMessage(text: string, lang: Language): IntlMessageFormat | null {
  const key = `${lang}\u0000${text}`;
  let mf = compiled.get(key);
  if (mf === undefined) {
    try {
      mf = new IntlMessageFormat(text, lang);
    } catch {
      mf = null;
    }
    compiled.set(key, mf);
  }
  return mf;
}

export type MessageValues = Record<string, string | number>;

/** Formats an ICU text; undefined when it does not parse or a value it needs is missing. */
export function formatMessage(text: string, lang: Language, values: MessageValues = {}): string | undefined {
  const mf = compileMessage(text, lang);
  if (!mf) return undefined;
  try {
    const out = mf.format(values);
    return typeof out === 'string' ? out : String(out);
  } catch {
    return undefined;
  }
}

/** The names of the arguments an ICU text uses ({expected}, {actual}, {field}, ...), sorted. */
export function messagePlaceholders(text: string): string[] {
  const names = new Set<string>();
  const visit = (nodes: unknown): void => {
    if (!Array.isArray(nodes)) return;
    for (const n of nodes as { type: number; value?: unknown; options?: Record<string, { value: unknown }> }[]) {
      if (n.type !== 0 && n.type !== 7 && typeof n.value === 'string') names.add(n.value);
      if (n.options) for (const o of Object.values(n.options)) visit(o.value);
    }
  };
  visit(new IntlMessageFormat(text, 'en').getAst());
  return [...names].sort();
}

/** Findings and document errors the product raises outside the rule packs; their texts live in `common`. */
export const COMMON_FINDING_IDS = [
  'ENGINE-RULE-ERROR',
  'SYSTEM-FAILED',
  'MALFORMED_JSON',
  'JSON_TOO_DEEP',
  'EMPTY_BODY',
  'VALIDATION_FAILED',
  'INTAKE_LIMIT_EXCEEDED',
  'XML_MALFORMED',
  'XML_FORBIDDEN_DTD',
  'XML_TOO_LARGE',
  'XML_UNSUPPORTED_DOCUMENT',
  'XML_EMPTY',
  'XML_TOO_DEEP',
  'XML_TOO_MANY_NODES',
  'XML_UNREADABLE',
] as const;
