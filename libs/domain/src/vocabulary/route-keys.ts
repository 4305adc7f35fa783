import { UNKNOWN_COUNTRY, isCountryCode } from './countries';

/**
 * Route keys name review queues: "<family>.<subject>". Country families carry the buying country
 * ("vat.EE", "data.XX"); the others name a kind of problem ("supplier.bank-account", "po.price-variance").
 */
export const QUEUE_FAMILIES = ['vat', 'data', 'format', 'supplier', 'po', 'duplicate', 'system'] as const;
export type QueueFamily = (typeof QUEUE_FAMILIES)[number];

/** Families whose subject is the buying country. */
export const COUNTRY_FAMILIES = ['vat', 'data'] as const;
export type CountryFamily = (typeof COUNTRY_FAMILIES)[number];

/** What a finding's rule category routes to when the rule names no queue of its own. */
export function countryFamilyOf(category: string): CountryFamily {
  return category === 'regulatory' ? 'vat' : 'data';
}

/**
 * The country desk key of a family and a buying country; anything that is not a two-letter code
 * becomes the unknown-country desk. A well-formed code outside our ten keeps its own key (its queue is
 * created on first use with complete defaults; see fallbackQueueKey in the triage lib).
 */
export function countryRouteKey(family: CountryFamily, country: string | null | undefined): string {
  const cc = country?.trim().toUpperCase();
  return `${family}.${cc && /^[A-Z]{2}$/.test(cc) ? cc : UNKNOWN_COUNTRY}`;
}

export interface ParsedRouteKey {
  family: string;
  /** The part after the family: a country code for country families, a problem name otherwise. */
  subject: string;
  /** The buying country when the family is a country family and the subject is one of our ten. */
  country: string | null;
  isCountryFamily: boolean;
}

/** Splits a route key once, so nobody parses keys back with their own regex. */
export function parseRouteKey(key: string): ParsedRouteKey {
  const dot = key.indexOf('.');
  const family = dot < 0 ? key : key.slice(0, dot);
  const subject = dot < 0 ? '' : key.slice(dot + 1);
  const isCountryFamily = (COUNTRY_FAMILIES as readonly string[]).includes(family);
  return { family, subject, isCountryFamily, country: isCountryFamily && isCountryCode(subject) ? subject : null };
}
