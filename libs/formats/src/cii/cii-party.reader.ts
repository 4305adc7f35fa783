import type { CanonicalAddress, CanonicalParty } from '@app/domain';
import { compact, defined } from '../mapping/compact.util';
import { all, attr, child, text, type XmlNode } from '../xml/xml-node';

export function readCiiAddress(address: XmlNode | undefined): CanonicalAddress | undefined {
  if (!address) return undefined;
  return compact<CanonicalAddress>({
    line1: text(address, 'LineOne'),
    line2: text(address, 'LineTwo'),
    line3: text(address, 'LineThree'),
    city: text(address, 'CityName'),
    postalCode: text(address, 'PostcodeCode'),
    subdivision: text(address, 'CountrySubDivisionName'),
    countryCode: text(address, 'CountryID'),
  });
}

/** BG-4 / BG-7 / BG-10 / BG-11 from a ram:*TradeParty element. */
export function readCiiParty(party: XmlNode | undefined): CanonicalParty | undefined {
  if (!party) return undefined;
  const registrations = all(party, 'SpecifiedTaxRegistration', 'ID');
  const byScheme = (scheme: string) =>
    registrations.find((r) => attr(r, 'schemeID')?.toUpperCase() === scheme && r.text !== '')?.text;
  const address = readCiiAddress(child(party, 'PostalTradeAddress'));
  const uri = child(party, 'URIUniversalCommunication', 'URIID');
  const contact = child(party, 'DefinedTradeContact');
  const ids = [...all(party, 'ID'), ...all(party, 'GlobalID')].filter((id) => id.text !== '');
  return compact<CanonicalParty>({
    name: text(party, 'Name'),
    tradingName: text(party, 'SpecifiedLegalOrganization', 'TradingBusinessName'),
    vatId: byScheme('VA'),
    taxRegistrationId: byScheme('FC'),
    legalRegistrationId: text(party, 'SpecifiedLegalOrganization', 'ID'),
    identifiers: defined(ids.map((id) => compact({ id: id.text, schemeId: attr(id, 'schemeID') }))),
    electronicAddress: uri?.text ? compact({ id: uri.text, schemeId: attr(uri, 'schemeID') }) : undefined,
    countryCode: address?.countryCode,
    address,
    contact: contact
      ? compact({
          name: text(contact, 'PersonName') ?? text(contact, 'DepartmentName'),
          phone: text(contact, 'TelephoneUniversalCommunication', 'CompleteNumber'),
          email: text(contact, 'EmailURIUniversalCommunication', 'URIID'),
        })
      : undefined,
  });
}
