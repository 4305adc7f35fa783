import type { CanonicalPaymentMeans } from '@app/domain';
import { compact, group } from '../mapping/compact.util';
import { all, child, text, type XmlNode } from '../xml/xml-node';

export interface CiiSettlementContext {
  remittanceInfo?: string; // BT-83 sits on the settlement, not on each payment means
  creditorId?: string; // BT-90
  mandateId?: string; // BT-89 sits on the payment terms
}

/** BG-16 with BG-17/18/19 from ram:SpecifiedTradeSettlementPaymentMeans. */
export function readCiiPaymentMeans(means: XmlNode, ctx: CiiSettlementContext): CanonicalPaymentMeans {
  const card = child(means, 'ApplicableTradeSettlementFinancialCard');
  const debited = text(means, 'PayerPartyDebtorFinancialAccount', 'IBANID');
  const bic = text(means, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID');
  const isDirectDebit = debited !== undefined || text(means, 'TypeCode') === '59' || text(means, 'TypeCode') === '49';
  return (
    compact<CanonicalPaymentMeans>({
      typeCode: text(means, 'TypeCode'),
      text: text(means, 'Information'),
      remittanceInfo: ctx.remittanceInfo,
      // An empty account is still a credit transfer account (BR-50 then reports its missing id).
      accounts: all(means, 'PayeePartyCreditorFinancialAccount').map((account) => {
        const iban = text(account, 'IBANID');
        const accountId = iban ?? text(account, 'ProprietaryID');
        // BR-61 asks for an IBANID or ProprietaryID element; an empty one is kept as ''.
        const emptyId =
          accountId === undefined && (child(account, 'IBANID') || child(account, 'ProprietaryID'))
            ? { accountId: '' }
            : {};
        return { ...emptyId, ...compact({ iban, accountId, name: text(account, 'AccountName'), bic }) };
      }),
      card: group(card, () => ({ primaryAccountNumber: text(card, 'ID'), holderName: text(card, 'CardholderName') })),
      directDebit: isDirectDebit
        ? compact({ mandateId: ctx.mandateId, creditorId: ctx.creditorId, debitedAccount: debited })
        : undefined,
    }) ?? {}
  );
}
