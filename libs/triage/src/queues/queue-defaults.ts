import { DEFAULT_TIME_ZONE, UNKNOWN_COUNTRY, byCountry, parseRouteKey } from '@app/domain';
import type { PriorityRule } from '../priority/priority';

/** Default settings of a review queue, derived from its route key ("vat.EE", "po.price-variance", ...). */
export interface QueueDefaults {
  key: string;
  name: string;
  category: string;
  country: string | null;
  slaMinutes: number;
  warnAtShare: number;
  calendar: { days: number[]; start: string; end: string; holidays: string[]; country: string | null };
  timeZone: string;
  requiredCountries: string[];
  requiredLanguages: string[];
  requiredCategories: string[];
  priorityRule: PriorityRule;
  fourEyes: boolean;
  fourEyesAmountThreshold: string | null;
  /** Minutes without activity after which a held item returns to the queue. */
  claimTimeoutMinutes: number;
  /** Push first to reviewers who know the invoice's country (supplier and PO queues); anyone after the fallback wait. */
  routeByCountry: boolean;
}

export const COUNTRY_TIME_ZONES: Record<string, string> = byCountry((c) => c.timeZone);

const COUNTRY_NAMES: Record<string, string> = byCountry((c) => c.name);

export { DEFAULT_TIME_ZONE };

export const INVOICE_COUNTRIES = Object.keys(COUNTRY_TIME_ZONES);

/** Queues of the supplier pack (master data, purchase order matching, duplicates); mirrors ROUTE_KEYS of the rules. */
export const SUPPLIER_QUEUE_KEYS = [
  'supplier.unknown',
  'supplier.blocked',
  'supplier.bank-account',
  'supplier.payment-terms',
  'po.missing',
  'po.unknown',
  'po.price-variance',
  'po.quantity-variance',
  'po.currency',
  'duplicate.exact',
  'duplicate.near',
];

/** Invoices the pipeline gave up on (validation or routing kept failing), each with its error, for an admin to retry. */
export const SYSTEM_FAILED_QUEUE = 'system.failed';

/** Every queue the seed creates: VAT and data desks of the ten countries (and of unknown countries), syntax, supplier rules. */
export const DEFAULT_QUEUE_KEYS = [
  ...INVOICE_COUNTRIES.flatMap((cc) => [`vat.${cc}`, `data.${cc}`]),
  'vat.XX',
  'data.XX',
  'format.syntax',
  ...SUPPLIER_QUEUE_KEYS,
  SYSTEM_FAILED_QUEUE,
];

/**
 * The queue a route key lands in when no queue with its own key exists: a country desk of a country
 * we do not serve ("vat.SW" from a buyer country that is no ISO code) falls back to the unknown-country
 * desk of its family ("vat.XX"); every other key is its own queue.
 */
export function fallbackQueueKey(routeKey: string): string {
  const { family, country, isCountryFamily } = parseRouteKey(routeKey);
  return isCountryFamily && !country ? `${family}.${UNKNOWN_COUNTRY}` : routeKey;
}

/** Complete defaults for any key: a country outside the ten gets no country skill and the default time zone. */
export function defaultQueueSettings(key: string, category?: string): QueueDefaults {
  const { family, country } = parseRouteKey(key);
  const cat =
    category ??
    (family === 'vat'
      ? 'regulatory'
      : family === 'data' || family === 'format'
        ? 'data-quality'
        : family === 'system'
          ? 'system'
          : 'supplier');
  const bankAccount = key === 'supplier.bank-account';
  const label = country
    ? `${family === 'vat' ? 'VAT' : 'Data quality'} ${COUNTRY_NAMES[country] ?? country}`
    : key.replace(/[.-]/g, ' ');
  return {
    key,
    name: label.charAt(0).toUpperCase() + label.slice(1),
    category: cat,
    country,
    slaMinutes: bankAccount ? 4 * 60 : family === 'duplicate' ? 8 * 60 : 24 * 60,
    warnAtShare: 0.75,
    calendar: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00', holidays: [], country },
    timeZone: country ? COUNTRY_TIME_ZONES[country] : DEFAULT_TIME_ZONE,
    requiredCountries: country ? [country] : [],
    requiredLanguages: [],
    requiredCategories: [cat],
    priorityRule: { amountWeight: 1, dueDateWeight: 1, ageWeight: 1 },
    fourEyes: bankAccount,
    fourEyesAmountThreshold: '50000.00',
    claimTimeoutMinutes: 30,
    routeByCountry: family === 'supplier' || family === 'po',
  };
}
