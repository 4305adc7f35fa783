import type { CanonicalAddress, CanonicalParty } from '@app/domain';
import { compact, group } from '../mapping/compact.util';
import { all, attr, child, text, type XmlNode } from '../xml/xml-node';

export function readCiiAddress(address: XmlNode | undefined): CanonicalAddress | undefined {
  return group<CanonicalAddress>(address, () => ({
    line1: text(address, 'LineOne'),
    line2: text(address, 'LineTwo'),
    line3: text(address, 'LineThree'),
    city: text(address, 'CityName'),
    postalCode: text(address, 'PostcodeCode'),
    subdivision: text(address, 'CountrySubDivisionName'),
    countryCode: text(address, 'CountryID'),
  }));
}

/** An identifier element as written: an empty value is kept so its scheme can still be judged. */
export function ciiIdentifier(id: XmlNode): { id: string; schemeId?: string } {
  return { id: id.text, ...compact({ schemeId: attr(id, 'schemeID') }) };
}

/** BG-4 / BG-7 / BG-10 / BG-11 from a ram:*TradeParty element; present but empty reads as `{}`. */
export function readCiiParty(party: XmlNode | undefined): CanonicalParty | undefined {
  if (!party) return undefined;
  const registrations = all(party, 'SpecifiedTaxRegistration', 'ID');
  const byScheme = (scheme: string) =>
    registrations.find((r) => attr(r, 'schemeID')?.toUpperCase() === scheme && r.text !== '')?.text;
  const address = readCiiAddress(child(party, 'PostalTradeAddress'));
  const uri = child(party, 'URIUniversalCommunication', 'URIID');
  const contact = child(party, 'DefinedTradeContact');
  const ids = [...all(party, 'ID'), ...all(party, 'GlobalID')];
  return group<CanonicalParty>(party, () => ({
    name: text(party, 'Name'),
    tradingName: text(party, 'SpecifiedLegalOrganization', 'TradingBusinessName'),
    vatId: byScheme('VA'),
    taxRegistrationId: byScheme('FC'),
    legalRegistrationId: text(party, 'SpecifiedLegalOrganization', 'ID'),
    legalRegistrationSchemeId: attr(child(child(party, 'SpecifiedLegalOrganization'), 'ID'), 'schemeID'),
    identifiers: ids.map(ciiIdentifier),
    electronicAddress: uri ? ciiIdentifier(uri) : undefined,
    countryCode: address?.countryCode,
    address,
    contact: group(contact, () => ({
      name: text(contact, 'PersonName') ?? text(contact, 'DepartmentName'),
      phone: text(contact, 'TelephoneUniversalCommunication', 'CompleteNumber'),
      email: text(contact, 'EmailURIUniversalCommunication', 'URIID'),
    })),
  }));
}
