import type { CanonicalInvoice, CanonicalTotals, CanonicalVatBreakdown } from '@app/domain';
import { compact, group } from '../mapping/compact.util';
import { CREDIT_NOTE_TYPE_CODES } from '../mapping/credit-note-type-codes';
import { firstCreditTransferAccount } from '../mapping/seller-iban.util';
import { all, attr, child, text, type XmlNode } from '../xml/xml-node';
import { readCiiAllowanceCharge } from './cii-allowance-charge.reader';
import { readCiiDocumentReference } from './cii-document-reference.reader';
import { ciiDate } from './cii-date.util';
import { readCiiLine } from './cii-line.reader';
import { readCiiAddress, readCiiParty } from './cii-party.reader';
import { readCiiPaymentMeans } from './cii-payment-means.reader';

/** Reads a UN/CEFACT CrossIndustryInvoice D16B (Factur-X / ZUGFeRD / XRechnung CII). */
export function readCiiInvoice(root: XmlNode): CanonicalInvoice {
  const context = child(root, 'ExchangedDocumentContext');
  const document = child(root, 'ExchangedDocument');
  const transaction = child(root, 'SupplyChainTradeTransaction');
  const agreement = child(transaction, 'ApplicableHeaderTradeAgreement');
  const deliveryNode = child(transaction, 'ApplicableHeaderTradeDelivery');
  const settlement = child(transaction, 'ApplicableHeaderTradeSettlement');
  const terms = all(settlement, 'SpecifiedTradePaymentTerms');
  const currency = text(settlement, 'InvoiceCurrencyCode');
  const taxCurrency = text(settlement, 'TaxCurrencyCode');
  const typeCode = text(document, 'TypeCode');
  const paymentMeans = all(settlement, 'SpecifiedTradeSettlementPaymentMeans').map((m) =>
    readCiiPaymentMeans(m, {
      remittanceInfo: text(settlement, 'PaymentReference'),
      creditorId: text(settlement, 'CreditorReferenceID'),
      mandateId: terms.map((t) => text(t, 'DirectDebitMandateID')).find(Boolean),
    }),
  );
  const seller = readCiiParty(child(agreement, 'SellerTradeParty'));
  const iban = firstCreditTransferAccount(paymentMeans);
  const period = child(settlement, 'BillingSpecifiedPeriod');
  const taxes = all(settlement, 'ApplicableTradeTax');
  const shipTo = child(deliveryNode, 'ShipToTradeParty');
  const summation = child(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');

  return (
    compact<CanonicalInvoice>({
      customizationId: text(context, 'GuidelineSpecifiedDocumentContextParameter', 'ID'),
      profileId: text(context, 'BusinessProcessSpecifiedDocumentContextParameter', 'ID'),
      documentKind: typeCode && CREDIT_NOTE_TYPE_CODES.has(typeCode) ? 'credit_note' : 'invoice',
      invoiceNumber: text(document, 'ID'),
      issueDate: ciiDate(child(document, 'IssueDateTime')),
      typeCode,
      currency,
      taxCurrency,
      taxPointDate: taxes.map((t) => ciiDate(child(t, 'TaxPointDate'))).find(Boolean),
      taxPointDateCode: taxes.map((t) => text(t, 'DueDateTypeCode')).find(Boolean),
      dueDate: terms.map((t) => ciiDate(child(t, 'DueDateDateTime'))).find(Boolean),
      buyerReference: text(agreement, 'BuyerReference'),
      projectReference: text(agreement, 'SpecifiedProcuringProject', 'ID'),
      contractReference: text(agreement, 'ContractReferencedDocument', 'IssuerAssignedID'),
      purchaseOrderReference: text(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID'),
      salesOrderReference: text(agreement, 'SellerOrderReferencedDocument', 'IssuerAssignedID'),
      // Kept even without a number so BR-55 can report it.
      precedingInvoices: all(settlement, 'InvoiceReferencedDocument').map((ref) => ({
        number: text(ref, 'IssuerAssignedID') ?? '',
        ...compact({ issueDate: ciiDate(child(ref, 'FormattedIssueDateTime')) }),
      })),
      // A note's subject code (BT-21) is written before its text as #CODE#, as the UBL binding does.
      notes: all(document, 'IncludedNote').flatMap((note) => {
        const subject = child(note, 'SubjectCode');
        return all(note, 'Content')
          .map((n) => n.text)
          .filter((n) => n !== '')
          .map((n) => (subject ? `#${subject.text}#${n}` : n));
      }),
      paymentTerms: joinTexts(terms.map((t) => text(t, 'Description'))),
      invoicePeriod: group(period, () => ({
        startDate: ciiDate(child(period, 'StartDateTime')),
        endDate: ciiDate(child(period, 'EndDateTime')),
      })),
      seller: seller || iban ? { ...seller, ...compact({ iban }) } : undefined,
      buyer: readCiiParty(child(agreement, 'BuyerTradeParty')),
      payee: readCiiParty(child(settlement, 'PayeeTradeParty')),
      sellerTaxRepresentative: readCiiParty(child(agreement, 'SellerTaxRepresentativeTradeParty')),
      // The delivery group is mandatory in CII and often empty; it is BG-13 only when it says something.
      delivery: compact({
        date: ciiDate(child(deliveryNode, 'ActualDeliverySupplyChainEvent', 'OccurrenceDateTime')),
        locationId: text(shipTo, 'ID') ?? text(shipTo, 'GlobalID'),
        address: readCiiAddress(child(shipTo, 'PostalTradeAddress')),
        partyName: text(shipTo, 'Name'),
      }),
      paymentMeans,
      allowanceCharges: all(settlement, 'SpecifiedTradeAllowanceCharge').map(readCiiAllowanceCharge),
      additionalDocuments: all(agreement, 'AdditionalReferencedDocument').map(readCiiDocumentReference),
      lines: all(transaction, 'IncludedSupplyChainTradeLineItem').map(readCiiLine),
      vatBreakdown: taxes.map(readCiiTax),
      totals: readCiiTotals(summation, currency, taxCurrency),
      taxTotals: all(summation, 'TaxTotalAmount').map((a) => ({
        amount: a.text,
        ...compact({ currency: attr(a, 'currencyID') }),
      })),
    }) ?? {}
  );
}

function readCiiTax(tax: XmlNode): CanonicalVatBreakdown {
  return (
    group<CanonicalVatBreakdown>(tax, () => ({
      category: text(tax, 'CategoryCode'),
      rate: text(tax, 'RateApplicablePercent'),
      taxableAmount: text(tax, 'BasisAmount'),
      taxAmount: text(tax, 'CalculatedAmount'),
      exemptionReason: text(tax, 'ExemptionReason'),
      exemptionReasonCode: text(tax, 'ExemptionReasonCode'),
    })) ?? {}
  );
}

function readCiiTotals(
  summation: XmlNode | undefined,
  currency?: string,
  taxCurrency?: string,
): CanonicalTotals | undefined {
  const taxAmounts = all(summation, 'TaxTotalAmount').filter((a) => a.text !== '');
  // BT-110 carries the invoice currency, BT-111 the VAT accounting currency; both use TaxTotalAmount.
  const inDocumentCurrency =
    taxAmounts.find((a) => !attr(a, 'currencyID') || attr(a, 'currencyID') === currency) ?? taxAmounts[0];
  const inTaxCurrency =
    taxCurrency && taxCurrency !== currency ? taxAmounts.find((a) => attr(a, 'currencyID') === taxCurrency) : undefined;
  return compact<CanonicalTotals>({
    lineNetTotal: text(summation, 'LineTotalAmount'),
    allowanceTotal: text(summation, 'AllowanceTotalAmount'),
    chargeTotal: text(summation, 'ChargeTotalAmount'),
    taxExclusive: text(summation, 'TaxBasisTotalAmount'),
    taxTotal: inDocumentCurrency === inTaxCurrency ? undefined : inDocumentCurrency?.text,
    taxTotalAccountingCurrency: inTaxCurrency?.text,
    taxInclusive: text(summation, 'GrandTotalAmount'),
    prepaid: text(summation, 'TotalPrepaidAmount'),
    rounding: text(summation, 'RoundingAmount'),
    payable: text(summation, 'DuePayableAmount'),
  });
}

function joinTexts(values: (string | undefined)[]): string | undefined {
  const parts = values.filter((t): t is string => !!t);
  return parts.length ? parts.join('\n') : undefined;
}
