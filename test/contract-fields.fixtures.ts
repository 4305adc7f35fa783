import type { ExceptionView } from '@app/contracts';

/**
 * The fields of an exception as every review route answers it (the contract's `ExceptionView`), for the specs
 * that check an answer's keys: `contractKeys<ExceptionView>()(...EXCEPTION_VIEW_FIELDS)`, and spread with the
 * extra fields of a type that extends it (a listed exception).
 */
export const EXCEPTION_VIEW_FIELDS = [
  'id',
  'invoiceId',
  'queueKey',
  'routeKey',
  'category',
  'country',
  'supplierId',
  'amount',
  'currency',
  'status',
  'priority',
  'assigneeId',
  'claimedAt',
  'lastActivityAt',
  'decision',
  'decisionReason',
  'decisionReasonCode',
  'firstApproverId',
  'proposedCorrections',
  'resolvedBy',
  'resolvedAt',
  'sla',
  'escalatedAt',
  'handleSeconds',
  'fourEyesRequired',
  'createdAt',
  'updatedAt',
  'version',
] as const satisfies readonly (keyof ExceptionView)[];
