import Decimal from 'decimal.js';
import { PendingChangeRequest, SupplierTolerances } from '../pending-changes/pending-change.kinds';
import { UpdateSupplierDto } from './dto/supplier.dto';

/** What a new supplier starts from (the column defaults of `suppliers`). */
export const NEW_SUPPLIER_BASELINE = {
  bankAccounts: [] as string[],
  blocked: false,
  priceTolerancePct: '2',
  quantityTolerancePct: '0',
};

export type SupplierControls = typeof NEW_SUPPLIER_BASELINE;

/**
 * Splits a supplier change into what applies at once and what needs a second manager: a bank account not
 * yet on file, unblocking, and a raised price or quantity tolerance. Removing an account, blocking and
 * lowering a tolerance only tighten control and apply at once. `bankAccounts` must be normalised IBANs.
 */
export function splitSupplierChange(
  supplierId: string,
  before: SupplierControls,
  dto: UpdateSupplierDto,
): { immediate: UpdateSupplierDto; requests: PendingChangeRequest[] } {
  const immediate: UpdateSupplierDto = { ...dto };
  const requests: PendingChangeRequest[] = [];
  if (dto.bankAccounts) {
    const added = dto.bankAccounts.filter((iban) => !before.bankAccounts.includes(iban));
    immediate.bankAccounts = dto.bankAccounts.filter((iban) => before.bankAccounts.includes(iban));
    if (added.length)
      requests.push({
        kind: 'supplier.bank-accounts.add',
        targetType: 'supplier',
        targetId: supplierId,
        payload: { ibans: added },
      });
  }
  if (dto.blocked === false && before.blocked) {
    delete immediate.blocked;
    requests.push({ kind: 'supplier.unblock', targetType: 'supplier', targetId: supplierId, payload: {} });
  }
  const raised: SupplierTolerances = {};
  for (const field of ['priceTolerancePct', 'quantityTolerancePct'] as const) {
    const to = dto[field];
    // null is "not given", as the validation lets it through: the stored value (or the default) stays.
    if (to !== undefined && to !== null && new Decimal(to).gt(before[field])) {
      raised[field] = to;
      delete immediate[field];
    }
  }
  if (Object.keys(raised).length)
    requests.push({ kind: 'supplier.tolerances', targetType: 'supplier', targetId: supplierId, payload: raised });
  return { immediate, requests };
}
