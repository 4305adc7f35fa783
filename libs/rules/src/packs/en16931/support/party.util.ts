import type { CanonicalAddress, CanonicalParty } from '@app/domain';
import type { InvoiceFacts } from './invoice-facts.util';
import { present } from './invoice-facts.util';

/**
 * The postal address as the standard sees it. Canonical JSON from integrations often carries only
 * `countryCode` on the party; for JSON that counts as the postal address with its country.
 */
export function postalAddress(f: InvoiceFacts, party: CanonicalParty | undefined): CanonicalAddress | undefined {
  if (!party) return undefined;
  if (party.address) {
    if (f.format === 'json' && !present(party.address.countryCode) && present(party.countryCode)) {
      return { ...party.address, countryCode: party.countryCode };
    }
    return party.address;
  }
  if (f.format === 'json' && present(party.countryCode)) return { countryCode: party.countryCode };
  return undefined;
}

/** The item name; JSON integrations commonly send only a description, which then names the item. */
export function itemName(f: InvoiceFacts, line: { name?: string; description?: string }): string | undefined {
  if (present(line.name)) return line.name;
  return f.format === 'json' && present(line.description) ? line.description : undefined;
}
