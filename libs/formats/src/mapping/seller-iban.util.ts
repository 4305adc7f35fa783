import type { CanonicalPaymentMeans } from '@app/domain';
import { CREDIT_TRANSFER_MEANS_CODES } from './credit-note-type-codes';

/** BT-84 of the first credit transfer: the account the supplier wants to be paid to. */
export function firstCreditTransferAccount(means: CanonicalPaymentMeans[] | undefined): string | undefined {
  const withAccount = (means ?? []).filter((m) => m.accounts?.some((a) => a.accountId ?? a.iban));
  const transfer = withAccount.find((m) => m.typeCode && CREDIT_TRANSFER_MEANS_CODES.has(m.typeCode)) ?? withAccount[0];
  const account = transfer?.accounts?.find((a) => a.accountId ?? a.iban);
  return account?.iban ?? account?.accountId;
}
