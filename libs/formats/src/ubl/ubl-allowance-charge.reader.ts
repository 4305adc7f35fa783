import type { CanonicalAllowanceCharge } from '@app/domain';
import { compact } from '../mapping/compact.util';
import { text, type XmlNode } from '../xml/xml-node';

/** BG-20/21 (document) and BG-27/28 (line) from a cac:AllowanceCharge element. */
export function readUblAllowanceCharge(node: XmlNode): CanonicalAllowanceCharge {
  const chargeIndicator = text(node, 'ChargeIndicator')?.toLowerCase() === 'true';
  const fields = compact({
    amount: text(node, 'Amount'),
    baseAmount: text(node, 'BaseAmount'),
    percentage: text(node, 'MultiplierFactorNumeric'),
    vatCategory: text(node, 'TaxCategory', 'ID'),
    vatRate: text(node, 'TaxCategory', 'Percent'),
    reason: text(node, 'AllowanceChargeReason'),
    reasonCode: text(node, 'AllowanceChargeReasonCode'),
  });
  // The same fields as spreading `fields` after the indicator, written out: a spread of a second
  // object is a generic property copy in V8.
  if (!fields) return { chargeIndicator };
  return {
    chargeIndicator,
    amount: fields.amount,
    baseAmount: fields.baseAmount,
    percentage: fields.percentage,
    vatCategory: fields.vatCategory,
    vatRate: fields.vatRate,
    reason: fields.reason,
    reasonCode: fields.reasonCode,
  };
}
