import type { CanonicalAllowanceCharge } from '@app/domain';
import { compact } from '../mapping/compact.util';
import { text, type XmlNode } from '../xml/xml-node';

/** BG-20/21 (document) and BG-27/28 (line) from a cac:AllowanceCharge element. */
export function readUblAllowanceCharge(node: XmlNode): CanonicalAllowanceCharge {
  return {
    chargeIndicator: text(node, 'ChargeIndicator')?.toLowerCase() === 'true',
    ...compact({
      amount: text(node, 'Amount'),
      baseAmount: text(node, 'BaseAmount'),
      percentage: text(node, 'MultiplierFactorNumeric'),
      vatCategory: text(node, 'TaxCategory', 'ID'),
      vatRate: text(node, 'TaxCategory', 'Percent'),
      reason: text(node, 'AllowanceChargeReason'),
      reasonCode: text(node, 'AllowanceChargeReasonCode'),
    }),
  };
}
