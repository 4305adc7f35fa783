import type { CanonicalInvoice, CanonicalParty } from '@app/domain';
import type { RuleContext } from '../../../engine/rule';
import { vatIdCountry } from './vat-id.util';

export function partyCountry(party: CanonicalParty | undefined): string | undefined {
  const cc = party?.address?.countryCode ?? party?.countryCode;
  return cc ? cc.trim().toUpperCase() : undefined;
}

/** Country of the buying entity: the one whose review queues get the finding. */
export function buyingCountry(ctx: RuleContext): string | undefined {
  return ctx.buyerCountry?.toUpperCase() ?? partyCountry(ctx.invoice.buyer);
}

/** Seller country as the national Peppol rules read it ("for Dutch suppliers"): the address, else the VAT id prefix. */
export function sellerCountry(invoice: CanonicalInvoice): string | undefined {
  return partyCountry(invoice.seller) ?? vatIdCountry(invoice.seller?.vatId);
}

/**
 * Whose VAT the seller charges: a tax representative's registration wins (BG-11), then the seller's
 * VAT id, then its address. A Polish company registered for VAT in Finland charges Finnish rates.
 */
export function chargingVatCountry(invoice: CanonicalInvoice): string | undefined {
  return (
    vatIdCountry(invoice.sellerTaxRepresentative?.vatId) ??
    vatIdCountry(invoice.seller?.vatId) ??
    partyCountry(invoice.seller)
  );
}

/**
 * The date that decides the VAT rate: the tax point (BT-7), else the delivery date (BT-72), else the
 * issue date. A supply made on 30 June and invoiced on 2 July is taxed at June's rate.
 */
export function vatDecisionDate(invoice: CanonicalInvoice): { date: string; source: string } | undefined {
  if (invoice.taxPointDate) return { date: invoice.taxPointDate, source: 'tax point date' };
  if (invoice.delivery?.date) return { date: invoice.delivery.date, source: 'delivery date' };
  if (invoice.issueDate) return { date: invoice.issueDate, source: 'issue date' };
  return undefined;
}

export function isCreditNote(invoice: CanonicalInvoice): boolean {
  return invoice.documentKind === 'credit_note' || invoice.typeCode === '381';
}
