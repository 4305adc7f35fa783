import type { CanonicalInvoice, CanonicalParty } from '@app/domain';

/** BT-24 of Peppol BIS Billing 3.0 (PEPPOL-EN16931-R004 wants it as the prefix of the CustomizationID). */
export const PEPPOL_BIS_CUSTOMIZATION = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
/** BT-23 of Peppol BIS Billing 3.0: urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0. */
export const PEPPOL_BIS_PROFILE = /^urn:fdc:peppol\.eu:2017:poacc:billing:([0-9]{2}):1\.0$/;

/**
 * A document is judged by the Peppol BIS Billing 3.0 rules when its CustomizationID (BT-24) names the
 * Peppol BIS billing 3.0 specification (also as the base of an extension such as EHF). The ProfileID
 * alone does not decide: XRechnung documents sent over Peppol carry Peppol's ProfileID but are
 * validated by the XRechnung rules.
 */
export function isPeppolBis(invoice: CanonicalInvoice): boolean {
  const c = invoice.customizationId;
  return !!c && c.includes(PEPPOL_BIS_SPECIFICATION);
}

/** The part of BT-24 that names Peppol BIS Billing 3.0. */
export const PEPPOL_BIS_SPECIFICATION = 'urn:fdc:peppol.eu:2017:poacc:billing:3.0';

/** Country code of a party's postal address as the Peppol schematron reads it (upper-case, trimmed). */
export function addressCountry(party: CanonicalParty | undefined): string | undefined {
  const cc = party?.address?.countryCode ?? party?.countryCode;
  return cc ? cc.trim().toUpperCase() : undefined;
}

/** The Peppol schematron's $supplierCountry: seller VAT prefix, else tax representative VAT prefix, else address. */
export function peppolSupplierCountry(invoice: CanonicalInvoice): string {
  const vat = invoice.seller?.vatId ?? invoice.sellerTaxRepresentative?.vatId;
  if (vat && vat.length >= 2) return vat.slice(0, 2).trim().toUpperCase();
  return addressCountry(invoice.seller) ?? 'XX';
}

/** The Peppol schematron's $customerCountry: buyer VAT prefix, else address. */
export function peppolCustomerCountry(invoice: CanonicalInvoice): string {
  const vat = invoice.buyer?.vatId;
  if (vat && vat.length >= 2) return vat.slice(0, 2).trim().toUpperCase();
  return addressCountry(invoice.buyer) ?? 'XX';
}

/** XPath 1.0 `string(number(x)) != 'NaN'`: an optional sign, digits with an optional decimal point, blanks around. */
export function isXPathNumber(value: string | undefined): boolean {
  return value !== undefined && /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(value);
}

/** XPath normalize-space. */
export function normalizeSpace(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

export function isUblCreditNote(invoice: CanonicalInvoice): boolean {
  return (
    invoice.documentKind === 'credit_note' || (invoice.documentKind === undefined && invoice.typeCode?.trim() === '381')
  );
}
