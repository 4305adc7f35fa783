/** What needs a second person before it takes effect (see README, "Dual control"). */
export const PENDING_CHANGE_KINDS = [
  'supplier.bank-accounts.add',
  'supplier.unblock',
  'supplier.tolerances',
  'queue.four-eyes',
] as const;
export type PendingChangeKind = (typeof PENDING_CHANGE_KINDS)[number];
export const PENDING_CHANGE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type PendingChangeStatus = (typeof PENDING_CHANGE_STATUSES)[number];

export interface SupplierBankAccountsAdd {
  ibans: string[];
}
export interface SupplierTolerances {
  priceTolerancePct?: string;
  quantityTolerancePct?: string;
}
export interface QueueFourEyes {
  fourEyes?: boolean;
  fourEyesAmountThreshold?: string | null;
}

/** A change as requested: what, on which record, with which values. */
export type PendingChangeRequest =
  | { kind: 'supplier.bank-accounts.add'; targetType: 'supplier'; targetId: string; payload: SupplierBankAccountsAdd }
  | { kind: 'supplier.unblock'; targetType: 'supplier'; targetId: string; payload: Record<string, never> }
  | { kind: 'supplier.tolerances'; targetType: 'supplier'; targetId: string; payload: SupplierTolerances }
  | { kind: 'queue.four-eyes'; targetType: 'queue'; targetId: string; payload: QueueFourEyes };
