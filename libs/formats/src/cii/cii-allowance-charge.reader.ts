import type { CanonicalAllowanceCharge } from '@app/domain';
import { compact } from '../mapping/compact.util';
import { text, type XmlNode } from '../xml/xml-node';

/** BG-20/21 and BG-27/28 from a ram:SpecifiedTradeAllowanceCharge element. */
export function readCiiAllowanceCharge(node: XmlNode): CanonicalAllowanceCharge {
  return {
    chargeIndicator: text(node, 'ChargeIndicator', 'Indicator')?.toLowerCase() === 'true',
    ...compact({
      amount: text(node, 'ActualAmount'),
      baseAmount: text(node, 'BasisAmount'),
      percentage: text(node, 'CalculationPercent'),
      vatCategory: text(node, 'CategoryTradeTax', 'CategoryCode'),
      vatRate: text(node, 'CategoryTradeTax', 'RateApplicablePercent'),
      reason: text(node, 'Reason'),
      reasonCode: text(node, 'ReasonCode'),
    }),
  };
}
