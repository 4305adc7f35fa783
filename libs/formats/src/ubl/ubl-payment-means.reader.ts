import type { CanonicalPaymentMeans } from '@app/domain';
import { compact, defined } from '../mapping/compact.util';
import { looksLikeIban } from '../mapping/credit-note-type-codes';
import { attr, child, text, type XmlNode } from '../xml/xml-node';

/** BG-16 with BG-17 (credit transfer), BG-18 (card) and BG-19 (direct debit). */
export function readUblPaymentMeans(means: XmlNode, creditorId: string | undefined): CanonicalPaymentMeans {
  const code = child(means, 'PaymentMeansCode');
  const account = child(means, 'PayeeFinancialAccount');
  const accountId = text(account, 'ID');
  const card = child(means, 'CardAccount');
  const mandate = child(means, 'PaymentMandate');
  return (
    compact<CanonicalPaymentMeans>({
      typeCode: code?.text || undefined,
      text: attr(code, 'name'),
      remittanceInfo: text(means, 'PaymentID'),
      accounts: account
        ? defined([
            compact({
              iban: accountId && (code?.text === '58' || looksLikeIban(accountId)) ? accountId : undefined,
              accountId,
              name: text(account, 'Name'),
              bic: text(account, 'FinancialInstitutionBranch', 'ID'),
            }),
          ])
        : undefined,
      card: card
        ? compact({ primaryAccountNumber: text(card, 'PrimaryAccountNumberID'), holderName: text(card, 'HolderName') })
        : undefined,
      directDebit: mandate
        ? compact({
            mandateId: text(mandate, 'ID'),
            creditorId,
            debitedAccount: text(mandate, 'PayerFinancialAccount', 'ID'),
          })
        : undefined,
    }) ?? {}
  );
}
