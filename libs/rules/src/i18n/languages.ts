/** The languages finding texts are written in; `en` is the source language of every text. */
export const SUPPORTED_LANGUAGES = ['en', 'et', 'fi', 'sv', 'nb', 'da', 'lv', 'lt', 'pl', 'de', 'nl'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

const SUPPORTED = new Set<string>(SUPPORTED_LANGUAGES);

/** Norwegian written as "no" (macro language) or Nynorsk readers get Bokmål, the language we write. */
const ALIASES: Record<string, Language> = { no: 'nb', nn: 'nb', nob: 'nb', est: 'et', fin: 'fi', swe: 'sv' };

export function isSupportedLanguage(value: unknown): value is Language {
  return typeof value === 'string' && SUPPORTED.has(value);
}

/** "fi", "sv-SE", "nb_NO", "NO", "de-AT" → a supported language; anything else → undefined. */
export function normalizeLanguage(tag: string | null | undefined): Language | undefined {
  if (typeof tag !== 'string') return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary) return undefined;
  if (SUPPORTED.has(primary)) return primary as Language;
  return ALIASES[primary];
}

/**
 * The best supported language of an Accept-Language header (RFC 9110: q-values, region subtags,
 * "*"), or undefined when it names none we write (the caller then falls back).
 */
export function negotiateLanguage(header: string | null | undefined): Language | undefined {
  if (!header || typeof header !== 'string') return undefined;
  const ranges = header
    .split(',')
    .slice(0, 50)
    .map((part, index) => {
      const [range, ...params] = part.trim().split(';');
      let q = 1;
      for (const p of params) {
        const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
        if (m) q = Number(m[1]);
      }
      return { range: range.trim(), q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0, index };
    })
    .filter((r) => r.range && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranges) {
    if (r.range === '*') return DEFAULT_LANGUAGE;
    const lang = normalizeLanguage(r.range);
    if (lang) return lang;
  }
  return undefined;
}

/** The main written language of a country (ISO 3166-1 alpha-2); undefined when we do not write it. */
const COUNTRY_LANGUAGE: Record<string, Language> = {
  EE: 'et',
  FI: 'fi',
  SE: 'sv',
  AX: 'sv',
  NO: 'nb',
  DK: 'da',
  LV: 'lv',
  LT: 'lt',
  PL: 'pl',
  DE: 'de',
  AT: 'de',
  LI: 'de',
  NL: 'nl',
  BE: 'nl',
  SR: 'nl',
  GB: 'en',
  IE: 'en',
  US: 'en',
};

export function countryLanguage(country: string | null | undefined): Language | undefined {
  return country ? COUNTRY_LANGUAGE[country.trim().toUpperCase()] : undefined;
}

/** What master data knows about a supplier's language (suppliers.language, suppliers.country_code). */
export interface SupplierLanguageSource {
  language?: string | null;
  countryCode?: string | null;
  country_code?: string | null;
}

/**
 * The language texts to a supplier are written in: the supplier's own language from master data,
 * else the main language of the seller's country, else English.
 */
export function supplierLanguage(
  supplier: SupplierLanguageSource | null | undefined,
  sellerCountry?: string | null,
): Language {
  return (
    normalizeLanguage(supplier?.language) ??
    countryLanguage(supplier?.countryCode ?? supplier?.country_code) ??
    countryLanguage(sellerCountry) ??
    DEFAULT_LANGUAGE
  );
}
