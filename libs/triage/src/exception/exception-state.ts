import { StateMachine } from '@app/domain';

/**
 * Exception statuses. An item is "held" exactly when it has an assignee:
 * open ─assign→ assigned ─approve_first→ awaiting_second_approval ─assign→ second_review ─approve_second→ resolved
 */
export const EXCEPTION_STATUSES = [
  'open',
  'assigned',
  'awaiting_second_approval',
  'second_review',
  'escalated',
  'resolved',
  'superseded',
] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/** Waiting in a queue for a (first or second) reviewer. */
export const CLAIMABLE_STATUSES: readonly ExceptionStatus[] = ['open', 'awaiting_second_approval'];
/** Held by a reviewer: counts against their capacity and has an open work period. */
export const HELD_STATUSES: readonly ExceptionStatus[] = ['assigned', 'second_review'];
export const CLOSED_STATUSES: readonly ExceptionStatus[] = ['resolved', 'superseded'];
export const ACTIVE_STATUSES: readonly ExceptionStatus[] = EXCEPTION_STATUSES.filter(
  (s) => !CLOSED_STATUSES.includes(s),
);

export type ExceptionAction =
  | 'assign' // claimed, pulled with review/next, or pushed by the router
  | 'release' // the holder gives it back
  | 'time_out' // abandoned claim returned by the sweep
  | 'approve_first' // first approval of a four-eyes item
  | 'approve_second' // second approval by another person
  | 'resolve' // final decision (approve without four eyes, reject, return to supplier, correct)
  | 'escalate'
  | 'reassign' // manager hands it to a reviewer
  | 'reassign_second' // manager hands a first-approved item to a second reviewer
  | 'supersede' // a correction on the same invoice re-runs the rules: this item's findings may no longer hold
  | 'reopen'; // the re-run found the same route key failing again

const second = (from: ExceptionStatus): ExceptionStatus =>
  from === 'open' || from === 'assigned' ? 'assigned' : 'second_review';
const back = (from: ExceptionStatus): ExceptionStatus =>
  from === 'second_review' ? 'awaiting_second_approval' : 'open';

/** The one place that decides how an exception may move. */
export const exceptionStateMachine = new StateMachine<ExceptionStatus, ExceptionAction>('exception', {
  assign: { from: ['open', 'awaiting_second_approval'], to: second },
  release: { from: ['assigned', 'second_review'], to: back },
  time_out: { from: ['assigned', 'second_review'], to: back },
  approve_first: { from: ['assigned'], to: 'awaiting_second_approval' },
  approve_second: { from: ['second_review', 'awaiting_second_approval', 'escalated'], to: 'resolved' },
  resolve: { from: ['assigned', 'second_review', 'escalated'], to: 'resolved' },
  escalate: { from: ['open', 'assigned', 'awaiting_second_approval', 'second_review'], to: 'escalated' },
  reassign: { from: ['open', 'assigned', 'escalated'], to: 'assigned' },
  reassign_second: { from: ['awaiting_second_approval', 'second_review', 'escalated'], to: 'second_review' },
  supersede: { from: ['open', 'assigned', 'awaiting_second_approval', 'second_review', 'escalated'], to: 'superseded' },
  reopen: { from: ['superseded', 'resolved'], to: 'open' },
});

export const isHeld = (s: string) => (HELD_STATUSES as readonly string[]).includes(s);
export const isClosed = (s: string) => (CLOSED_STATUSES as readonly string[]).includes(s);

/** `CASE <column> WHEN 'from' THEN 'to' ... END` for an action, so bulk SQL follows the same table. */
export function sqlTargetStatus(action: ExceptionAction, column = 'status'): string {
  const arms = exceptionStateMachine
    .sourcesOf(action)
    .map((from) => `WHEN '${from}' THEN '${exceptionStateMachine.next(from, action)}'`);
  return `CASE ${column} ${arms.join(' ')} END`;
}

export const sqlStatusList = (statuses: readonly string[]) => statuses.map((s) => `'${s}'`).join(',');
