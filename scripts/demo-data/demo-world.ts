import { byCountry } from '@app/domain';
import {
  COMPANY_SUFFIX,
  COUNTRIES,
  Country,
  CURRENCY,
  ErrorHabit,
  FIRST_NAMES,
  HABITS,
  LANGUAGE,
  SUPPLIER_TRADES,
  SUPPLIER_WORDS,
  UTC_OFFSET_HOURS,
} from './demo-profiles';
import { DemoRandom } from './demo-random';
import { BUYING_ENTITY_VAT_IDS, demoIban, demoVatId } from '../../apps/api/src/cli/demo-identities';

export interface DemoSupplier {
  id?: string;
  name: string;
  vatId: string;
  country: Country;
  iban: string;
  currency: string;
  format: 'json' | 'ubl' | 'cii';
  /** Share of this supplier's invoices that need a human. Most suppliers are clean, a few are chronic. */
  errorRate: number;
  habits: ErrorHabit[];
}

export interface DemoReviewer {
  id?: string;
  email: string;
  name: string;
  countries: Country[];
  languages: string[];
  timeZone: string;
  capacity: number;
  weeklyGoal: number;
  availability: 'online' | 'away' | 'off';
  /** Work speed: 0.7 = fast, 1.4 = slow. */
  pace: number;
}

const TIME_ZONES: Record<Country, string> = byCountry((c) => c.timeZone);
export const timeZoneOf = (c: Country) => TIME_ZONES[c];

/** The seed's checksum-valid VAT id of each buying entity, so demo invoices read like real ones. */
export const buyerVatIdOf = (c: Country): string => BUYING_ENTITY_VAT_IDS[c];
export const offsetOf = (c: Country) => UTC_OFFSET_HOURS[c];

export function makeSuppliers(rnd: DemoRandom, perCountry: number): DemoSupplier[] {
  const out: DemoSupplier[] = [];
  for (const country of COUNTRIES) {
    for (let i = 0; i < perCountry; i++) {
      const chronic = rnd.next() < 0.08;
      const habitCount = chronic ? 3 : rnd.int(1, 2);
      const habits = Array.from({ length: habitCount }, () => rnd.pick(HABITS));
      out.push({
        name: `${rnd.pick(SUPPLIER_WORDS)} ${rnd.pick(SUPPLIER_TRADES)} ${COMPANY_SUFFIX[country]}`,
        vatId: demoVatId(country),
        country,
        iban: demoIban(country),
        currency: CURRENCY[country],
        format: rnd.weighted({ json: 5, ubl: 4, cii: 2 }),
        errorRate: chronic ? 0.35 + rnd.next() * 0.3 : 0.04 + rnd.next() * 0.16,
        habits,
      });
    }
  }
  return out;
}

export function makeReviewers(rnd: DemoRandom, count: number): DemoReviewer[] {
  return Array.from({ length: count }, (_, i) => {
    const home = COUNTRIES[i % COUNTRIES.length];
    const extra = new Set<Country>([home]);
    while (extra.size < 1 + rnd.int(1, 2)) extra.add(rnd.pick(COUNTRIES));
    const countries = [...extra];
    return {
      email: `reviewer${i + 1}@example.com`,
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${String.fromCharCode(65 + (i % 26))}.`,
      countries,
      languages: ['en', ...countries.map((c) => LANGUAGE[c])],
      timeZone: timeZoneOf(home),
      capacity: rnd.int(8, 20),
      weeklyGoal: rnd.int(8, 16) * 10,
      availability: rnd.weighted({ online: 6, away: 1.5, off: 2.5 }),
      pace: 0.7 + rnd.next() * 0.7,
    };
  });
}
