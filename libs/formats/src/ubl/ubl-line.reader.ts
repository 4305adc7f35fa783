import type { CanonicalLine } from '@app/domain';
import { compact, group } from '../mapping/compact.util';
import { all, attr, child, text, type XmlNode } from '../xml/xml-node';
import { readUblAllowanceCharge } from './ubl-allowance-charge.reader';
import { readUblDocumentReference } from './ubl-document-reference.reader';
import { ublIdentifier } from './ubl-party.reader';
import { itemAttribute } from '../mapping/item-attribute.util';

/** BG-25 from cac:InvoiceLine or cac:CreditNoteLine. */
export function readUblLine(line: XmlNode): CanonicalLine {
  const quantity = child(line, 'InvoicedQuantity') ?? child(line, 'CreditedQuantity');
  const item = child(line, 'Item');
  const price = child(line, 'Price');
  // BG-29 price discount: the one allowance on the price, with the gross price as its base.
  const priceAllowance = child(price, 'AllowanceCharge');
  const standardId = child(item, 'StandardItemIdentification', 'ID');
  const period = child(line, 'InvoicePeriod');
  return (
    compact<CanonicalLine>({
      id: text(line, 'ID'),
      note: text(line, 'Note'),
      description: text(item, 'Description'),
      name: text(item, 'Name'),
      quantity: quantity?.text || undefined,
      unitCode: attr(quantity, 'unitCode'),
      unitPrice: text(price, 'PriceAmount'),
      grossPrice: text(priceAllowance, 'BaseAmount'),
      priceDiscount: text(priceAllowance, 'Amount'),
      priceBaseQuantity: text(price, 'BaseQuantity'),
      netAmount: text(line, 'LineExtensionAmount'),
      vatCategory: text(item, 'ClassifiedTaxCategory', 'ID'),
      vatRate: text(item, 'ClassifiedTaxCategory', 'Percent'),
      poLineReference: text(line, 'OrderLineReference', 'LineID'),
      allowanceCharges: all(line, 'AllowanceCharge').map(readUblAllowanceCharge),
      period: group(period, () => ({ startDate: text(period, 'StartDate'), endDate: text(period, 'EndDate') })),
      sellerItemId: text(item, 'SellersItemIdentification', 'ID'),
      // Identifiers and codes are kept with an empty value so their scheme / list id is still judged.
      standardItemId: standardId ? ublIdentifier(standardId) : undefined,
      classificationCodes: all(item, 'CommodityClassification', 'ItemClassificationCode').map(readClassificationCode),
      originCountry: text(item, 'OriginCountry', 'IdentificationCode'),
      attributes: all(item, 'AdditionalItemProperty').map((p) => itemAttribute(child(p, 'Name'), child(p, 'Value'))),
      documentReferences: all(line, 'DocumentReference').map(readUblDocumentReference),
    }) ?? {}
  );
}

/** BT-158 with its scheme and version: the kept fields written out, as a spread of them would give them. */
function readClassificationCode(code: XmlNode): { code: string; listId?: string; listVersionId?: string } {
  const fields = compact({ listId: attr(code, 'listID'), listVersionId: attr(code, 'listVersionID') });
  return fields ? { code: code.text, listId: fields.listId, listVersionId: fields.listVersionId } : { code: code.text };
}
