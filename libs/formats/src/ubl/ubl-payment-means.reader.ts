import type { CanonicalPaymentMeans } from '@app/domain';
import { compact, group } from '../mapping/compact.util';
import { looksLikeIban } from '../mapping/credit-note-type-codes';
import { attr, child, text, type XmlNode } from '../xml/xml-node';

/** BG-16 with BG-17 (credit transfer), BG-18 (card) and BG-19 (direct debit). */
export function readUblPaymentMeans(means: XmlNode, creditorId: string | undefined): CanonicalPaymentMeans {
  const code = child(means, 'PaymentMeansCode');
  const account = child(means, 'PayeeFinancialAccount');
  const accountId = text(account, 'ID');
  // BR-61 asks for the account id element; an empty one is kept as '' (BR-50 then reports it).
  const emptyId = accountId === undefined && child(account, 'ID') ? { accountId: '' } : {};
  const card = child(means, 'CardAccount');
  const mandate = child(means, 'PaymentMandate');
  return (
    compact<CanonicalPaymentMeans>({
      typeCode: code?.text || undefined,
      text: attr(code, 'name'),
      remittanceInfo: text(means, 'PaymentID'),
      // An empty account is still a credit transfer account (BR-50 then reports its missing id).
      accounts: account
        ? [
            {
              ...emptyId,
              ...group(account, () => ({
                iban: accountId && (code?.text === '58' || looksLikeIban(accountId)) ? accountId : undefined,
                accountId,
                name: text(account, 'Name'),
                bic: text(account, 'FinancialInstitutionBranch', 'ID'),
              })),
            },
          ]
        : undefined,
      card: group(card, () => ({
        primaryAccountNumber: text(card, 'PrimaryAccountNumberID'),
        holderName: text(card, 'HolderName'),
      })),
      directDebit: group(mandate, () => ({
        mandateId: text(mandate, 'ID'),
        creditorId,
        debitedAccount: text(mandate, 'PayerFinancialAccount', 'ID'),
      })),
    }) ?? {}
  );
}
