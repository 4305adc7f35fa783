import type { CanonicalLine } from '@app/domain';
import { compact, group } from '../mapping/compact.util';
import { all, attr, child, text, type XmlNode } from '../xml/xml-node';
import { readCiiAllowanceCharge } from './cii-allowance-charge.reader';
import { readCiiDocumentReference } from './cii-document-reference.reader';
import { itemAttribute } from '../mapping/item-attribute.util';
import { ciiDate } from './cii-date.util';
import { ciiIdentifier } from './cii-party.reader';

/** BG-25 from ram:IncludedSupplyChainTradeLineItem. */
export function readCiiLine(line: XmlNode): CanonicalLine {
  const product = child(line, 'SpecifiedTradeProduct');
  const agreement = child(line, 'SpecifiedLineTradeAgreement');
  const gross = child(agreement, 'GrossPriceProductTradePrice');
  const net = child(agreement, 'NetPriceProductTradePrice');
  const quantity = child(line, 'SpecifiedLineTradeDelivery', 'BilledQuantity');
  const settlement = child(line, 'SpecifiedLineTradeSettlement');
  const tax = child(settlement, 'ApplicableTradeTax');
  const period = child(settlement, 'BillingSpecifiedPeriod');
  const globalId = child(product, 'GlobalID');
  return (
    compact<CanonicalLine>({
      id: text(line, 'AssociatedDocumentLineDocument', 'LineID'),
      note: text(line, 'AssociatedDocumentLineDocument', 'IncludedNote', 'Content'),
      description: text(product, 'Description'),
      name: text(product, 'Name'),
      quantity: quantity?.text || undefined,
      unitCode: attr(quantity, 'unitCode'),
      unitPrice: text(net, 'ChargeAmount'),
      grossPrice: text(gross, 'ChargeAmount'),
      priceDiscount: text(gross, 'AppliedTradeAllowanceCharge', 'ActualAmount'),
      // BT-149 is one value in EN 16931; CII may carry it on both prices, the net one is authoritative.
      priceBaseQuantity: text(net, 'BasisQuantity') ?? text(gross, 'BasisQuantity'),
      netAmount: text(settlement, 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'),
      vatCategory: text(tax, 'CategoryCode'),
      vatRate: text(tax, 'RateApplicablePercent'),
      poLineReference: text(agreement, 'BuyerOrderReferencedDocument', 'LineID'),
      allowanceCharges: all(settlement, 'SpecifiedTradeAllowanceCharge').map(readCiiAllowanceCharge),
      period: group(period, () => ({
        startDate: ciiDate(child(period, 'StartDateTime')),
        endDate: ciiDate(child(period, 'EndDateTime')),
      })),
      sellerItemId: text(product, 'SellerAssignedID'),
      // Identifiers and codes are kept with an empty value so their scheme / list id is still judged.
      standardItemId: globalId ? ciiIdentifier(globalId) : undefined,
      classificationCodes: all(product, 'DesignatedProductClassification', 'ClassCode').map((c) => ({
        code: c.text,
        ...compact({ listId: attr(c, 'listID'), listVersionId: attr(c, 'listVersionID') }),
      })),
      originCountry: text(product, 'OriginTradeCountry', 'ID'),
      attributes: all(product, 'ApplicableProductCharacteristic').map((p) =>
        itemAttribute(child(p, 'Description'), child(p, 'Value')),
      ),
      documentReferences: all(settlement, 'AdditionalReferencedDocument').map(readCiiDocumentReference),
    }) ?? {}
  );
}
