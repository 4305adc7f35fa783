import { StateMachine } from '../state/state-machine';

export const INVOICE_STATUSES = [
  'received',
  'validating',
  'ready',
  'in_review',
  'rejected',
  'returned_to_supplier',
  'duplicate',
  'failed',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export type InvoiceAction =
  | 'start_validation'
  | 'pass' // no blocking finding: touchless
  | 'hold' // blocking findings: exceptions opened
  | 'approve' // every exception closed in its favour
  | 'reject'
  | 'return_to_supplier'
  | 'revalidate' // corrected by a reviewer: rules run again
  | 'fail' // validation or routing kept failing (attempts exhausted, time budget exceeded): visible, waits for an admin
  | 'retry'; // an admin retries a failed invoice after a fix

/** The one place that decides how an invoice may move. */
export const invoiceStateMachine = new StateMachine<InvoiceStatus, InvoiceAction>('invoice', {
  start_validation: { from: ['received', 'validating'], to: 'validating' },
  pass: { from: ['validating'], to: 'ready' },
  hold: { from: ['validating'], to: 'in_review' },
  approve: { from: ['in_review'], to: 'ready' },
  reject: { from: ['in_review'], to: 'rejected' },
  return_to_supplier: { from: ['in_review'], to: 'returned_to_supplier' },
  revalidate: { from: ['in_review'], to: 'validating' },
  fail: { from: ['received', 'validating', 'in_review'], to: 'failed' },
  retry: { from: ['failed'], to: 'received' },
});
