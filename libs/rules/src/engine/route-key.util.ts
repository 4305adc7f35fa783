import { countryFamilyOf, countryRouteKey } from '@app/domain';
import type { RuleCategory } from './rule';

/**
 * Review queue a finding goes to when its rule does not name one: tax questions go to the VAT desk of
 * the buying country, everything else to its data desk. Supplier findings name their own queues.
 */
export function defaultRouteKey(category: RuleCategory, country: string | undefined): string {
  return countryRouteKey(countryFamilyOf(category), country);
}
