import type { CanonicalAddress, CanonicalParty } from '@app/domain';
import { group, kept } from '../mapping/compact.util';
import { all, attr, child, text, type XmlNode } from '../xml/xml-node';

export function readUblAddress(address: XmlNode | undefined): CanonicalAddress | undefined {
  return group<CanonicalAddress>(address, () => ({
    line1: text(address, 'StreetName'),
    line2: text(address, 'AdditionalStreetName'),
    line3: text(address, 'AddressLine', 'Line'),
    city: text(address, 'CityName'),
    postalCode: text(address, 'PostalZone'),
    subdivision: text(address, 'CountrySubentity'),
    countryCode: text(address, 'Country', 'IdentificationCode'),
  }));
}

/** SEPA creditor ids (BT-90) sit among party identifiers in UBL but are not party ids (BT-29). */
function isCreditorId(id: XmlNode): boolean {
  return attr(id, 'schemeID')?.toUpperCase() === 'SEPA';
}

export function readUblCreditorId(party: XmlNode | undefined): string | undefined {
  return all(party, 'PartyIdentification', 'ID').find(isCreditorId)?.text || undefined;
}

/** An identifier element as written: an empty value is kept so its scheme can still be judged. */
export function ublIdentifier(id: XmlNode): { id: string; schemeId?: string } {
  const schemeId = attr(id, 'schemeID');
  return kept(schemeId) ? { id: id.text, schemeId } : { id: id.text };
}

/**
 * BG-4 / BG-7 / BG-10 / BG-11 from a cac:Party element. Seller and buyer names are the legal
 * registration name (PartyName is the trading name); payee and tax representative names are PartyName.
 * A party element that is present but empty reads as `{}` so "has a payee" stays visible.
 */
export function readUblParty(
  party: XmlNode | undefined,
  role: 'legal' | 'named' = 'legal',
): CanonicalParty | undefined {
  if (!party) return undefined;
  const taxSchemes = all(party, 'PartyTaxScheme');
  const isVat = (s: XmlNode) => text(s, 'TaxScheme', 'ID')?.toUpperCase() === 'VAT';
  const address = readUblAddress(child(party, 'PostalAddress'));
  const endpoint = child(party, 'EndpointID');
  const contact = child(party, 'Contact');
  return group<CanonicalParty>(party, () => ({
    name: role === 'legal' ? text(party, 'PartyLegalEntity', 'RegistrationName') : text(party, 'PartyName', 'Name'),
    tradingName: role === 'legal' ? text(party, 'PartyName', 'Name') : undefined,
    vatId: text(taxSchemes.find(isVat), 'CompanyID'),
    taxRegistrationId: text(
      taxSchemes.find((s) => !isVat(s)),
      'CompanyID',
    ),
    legalRegistrationId: text(party, 'PartyLegalEntity', 'CompanyID'),
    legalRegistrationSchemeId: attr(child(child(party, 'PartyLegalEntity'), 'CompanyID'), 'schemeID'),
    identifiers: all(party, 'PartyIdentification', 'ID')
      .filter((id) => !isCreditorId(id))
      .map(ublIdentifier),
    electronicAddress: endpoint ? ublIdentifier(endpoint) : undefined,
    countryCode: address?.countryCode,
    address,
    contact: group(contact, () => ({
      name: text(contact, 'Name'),
      phone: text(contact, 'Telephone'),
      email: text(contact, 'ElectronicMail'),
    })),
  }));
}
