import type {
  CanonicalInvoice,
  CanonicalLine,
  CanonicalParty,
  CanonicalTotals,
  CanonicalVatBreakdown,
} from '@app/domain';
import { compact, group, kept } from '../mapping/compact.util';
import { firstCreditTransferAccount } from '../mapping/seller-iban.util';
import { all, attr, child, childrenNamed, text, type XmlNode } from '../xml/xml-node';
import { readUblAllowanceCharge } from './ubl-allowance-charge.reader';
import { readUblDocumentReference, ublAmountCurrencyIds } from './ubl-document-reference.reader';
import { readUblLine } from './ubl-line.reader';
import { readUblAddress, readUblCreditorId, readUblParty } from './ubl-party.reader';
import { readUblPaymentMeans } from './ubl-payment-means.reader';

/** The lines of a document read apart from its tree (readUblInChunks), and what was read from them. */
export interface UblLinesReadApart {
  lines: CanonicalLine[];
  /** The currencies of the lines' amounts, in document order, as ublAmountCurrencyIds finds them. */
  amountCurrencyIds: string[];
}

/**
 * Reads a UBL 2.1 Invoice or CreditNote (Peppol BIS Billing 3.0 binding of EN 16931). `apart`: the
 * lines were read from the document on their own, and `root` has none.
 */
export function readUblInvoice(root: XmlNode, apart?: UblLinesReadApart): CanonicalInvoice {
  const isCreditNote = root.name === 'CreditNote';
  const currency = text(root, 'DocumentCurrencyCode');
  const taxCurrency = text(root, 'TaxCurrencyCode');
  const sellerParty = child(root, 'AccountingSupplierParty', 'Party');
  const payeeParty = child(root, 'PayeeParty');
  const creditorId = readUblCreditorId(sellerParty) ?? readUblCreditorId(payeeParty);
  const paymentMeans = all(root, 'PaymentMeans').map((m) => readUblPaymentMeans(m, creditorId));
  const seller = readUblParty(sellerParty);
  const iban = firstCreditTransferAccount(paymentMeans);
  const period = child(root, 'InvoicePeriod');
  const delivery = child(root, 'Delivery');
  const taxTotals = all(root, 'TaxTotal');

  return (
    compact<CanonicalInvoice>({
      customizationId: text(root, 'CustomizationID'),
      profileId: text(root, 'ProfileID'),
      documentKind: isCreditNote ? 'credit_note' : 'invoice',
      invoiceNumber: text(root, 'ID'),
      issueDate: text(root, 'IssueDate'),
      typeCode: text(root, isCreditNote ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'),
      currency,
      taxCurrency,
      taxPointDate: text(root, 'TaxPointDate'),
      taxPointDateCode: text(period, 'DescriptionCode'),
      // A UBL CreditNote has no DueDate element; Peppol BIS puts BT-9 on the payment means there.
      dueDate: text(root, 'DueDate') ?? all(root, 'PaymentMeans', 'PaymentDueDate').find((d) => d.text)?.text,
      buyerReference: text(root, 'BuyerReference'),
      projectReference: text(root, 'ProjectReference', 'ID') ?? projectFromDocumentReference(root),
      contractReference: text(root, 'ContractDocumentReference', 'ID'),
      purchaseOrderReference: text(root, 'OrderReference', 'ID'),
      salesOrderReference: text(root, 'OrderReference', 'SalesOrderID'),
      // One BG-3 per BillingReference, kept even without a number so BR-55 can report it.
      precedingInvoices: all(root, 'BillingReference').map((billing) => {
        const ref = child(billing, 'InvoiceDocumentReference');
        const issueDate = text(ref, 'IssueDate');
        return kept(issueDate) ? { number: text(ref, 'ID') ?? '', issueDate } : { number: text(ref, 'ID') ?? '' };
      }),
      notes: childrenNamed(root, 'Note')
        .map((n) => n.text)
        .filter((n) => n !== ''),
      paymentTerms: joinTexts(all(root, 'PaymentTerms', 'Note')),
      invoicePeriod: group(period, () => ({ startDate: text(period, 'StartDate'), endDate: text(period, 'EndDate') })),
      seller: withIban(seller, iban),
      buyer: readUblParty(child(root, 'AccountingCustomerParty', 'Party')),
      payee: readUblParty(payeeParty, 'named'),
      sellerTaxRepresentative: readUblParty(child(root, 'TaxRepresentativeParty'), 'named'),
      delivery: group(delivery, () => ({
        date: text(delivery, 'ActualDeliveryDate'),
        locationId: text(delivery, 'DeliveryLocation', 'ID'),
        address: readUblAddress(child(delivery, 'DeliveryLocation', 'Address')),
        partyName: text(delivery, 'DeliveryParty', 'PartyName', 'Name'),
      })),
      paymentMeans,
      allowanceCharges: all(root, 'AllowanceCharge').map(readUblAllowanceCharge),
      // Lines in document order; a line of the other document kind is still a line to the standard.
      additionalDocuments: all(root, 'AdditionalDocumentReference').map(readUblDocumentReference),
      lines:
        apart?.lines ??
        root.children.filter((c) => c.name === 'InvoiceLine' || c.name === 'CreditNoteLine').map(readUblLine),
      vatBreakdown: readUblVatBreakdown(taxTotals),
      totals: readUblTotals(root, taxTotals, currency, taxCurrency),
      taxTotals: taxTotals
        .map((t) => child(t, 'TaxAmount'))
        .filter((a): a is XmlNode => !!a)
        .map((a) => {
          const currency = attr(a, 'currencyID');
          return kept(currency) ? { amount: a.text, currency } : { amount: a.text };
        }),
      amountCurrencyIds: apart
        ? [...new Set([...ublAmountCurrencyIds(root), ...apart.amountCurrencyIds])]
        : ublAmountCurrencyIds(root),
    }) ?? {}
  );
}

/**
 * The seller with BT-84 added. The party was just read for this invoice and nothing else holds it, so
 * the account is set on it rather than on a copy: spreading the party and then a second object into a
 * new literal went through V8's generic property copy, a third of the reader's own time.
 */
function withIban(seller: CanonicalParty | undefined, iban: string | undefined): CanonicalParty | undefined {
  if (iban === undefined || iban === '') return seller;
  if (!seller) return { iban };
  seller.iban = iban;
  return seller;
}

/** BG-23, one entry per TaxSubtotal of every TaxTotal, in document order (a loop: flatMap is slow in V8). */
function readUblVatBreakdown(taxTotals: XmlNode[]): CanonicalVatBreakdown[] {
  const out: CanonicalVatBreakdown[] = [];
  for (const total of taxTotals)
    for (const subtotal of childrenNamed(total, 'TaxSubtotal')) out.push(readUblTaxSubtotal(subtotal));
  return out;
}

function readUblTaxSubtotal(subtotal: XmlNode): CanonicalVatBreakdown {
  return (
    group<CanonicalVatBreakdown>(subtotal, () => ({
      category: text(subtotal, 'TaxCategory', 'ID'),
      rate: text(subtotal, 'TaxCategory', 'Percent'),
      taxableAmount: text(subtotal, 'TaxableAmount'),
      taxAmount: text(subtotal, 'TaxAmount'),
      exemptionReason: text(subtotal, 'TaxCategory', 'TaxExemptionReason'),
      exemptionReasonCode: text(subtotal, 'TaxCategory', 'TaxExemptionReasonCode'),
    })) ?? {}
  );
}

function readUblTotals(
  root: XmlNode,
  taxTotals: XmlNode[],
  currency?: string,
  taxCurrency?: string,
): CanonicalTotals | undefined {
  const monetary = child(root, 'LegalMonetaryTotal');
  const amounts = taxTotals.map((t) => child(t, 'TaxAmount')).filter((a): a is XmlNode => !!a && a.text !== '');
  // BT-110 is the tax total in the document currency, BT-111 the one in the VAT accounting currency.
  const inDocumentCurrency = amounts.find((a) => !currency || attr(a, 'currencyID') === currency) ?? amounts[0];
  const inTaxCurrency =
    taxCurrency && taxCurrency !== currency ? amounts.find((a) => attr(a, 'currencyID') === taxCurrency) : undefined;
  return compact<CanonicalTotals>({
    lineNetTotal: text(monetary, 'LineExtensionAmount'),
    allowanceTotal: text(monetary, 'AllowanceTotalAmount'),
    chargeTotal: text(monetary, 'ChargeTotalAmount'),
    taxExclusive: text(monetary, 'TaxExclusiveAmount'),
    taxTotal: inDocumentCurrency?.text,
    taxTotalAccountingCurrency: inTaxCurrency?.text,
    taxInclusive: text(monetary, 'TaxInclusiveAmount'),
    prepaid: text(monetary, 'PrepaidAmount'),
    rounding: text(monetary, 'PayableRoundingAmount'),
    payable: text(monetary, 'PayableAmount'),
  });
}

/** In a CreditNote, BT-11 is an additional document reference with type code 50. */
function projectFromDocumentReference(root: XmlNode): string | undefined {
  const ref = all(root, 'AdditionalDocumentReference').find((r) => text(r, 'DocumentTypeCode') === '50');
  return text(ref, 'ID');
}

function joinTexts(nodes: XmlNode[]): string | undefined {
  const parts = nodes.map((n) => n.text).filter((t) => t !== '');
  return parts.length ? parts.join('\n') : undefined;
}
