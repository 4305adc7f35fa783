import { EXCEPTION_STATUSES, type ExceptionRow } from '@app/triage';
import type { StaffPrincipal } from '../auth/staff-principal';
import { allowedActions } from './exception-detail.service';

const reviewer: StaffPrincipal = { kind: 'staff', userId: 'r1', email: 'r1@x', name: 'R1', role: 'reviewer' };
const manager: StaffPrincipal = { kind: 'staff', userId: 'm1', email: 'm1@x', name: 'M1', role: 'manager' };
const row = (over: Partial<ExceptionRow>) =>
  ({ status: 'open', assignee_id: null, first_approver_id: null, ...over }) as ExceptionRow;

describe('allowed actions follow the exception state machine', () => {
  it('offers a waiting item to claim, and nothing a holder does', () => {
    expect(allowedActions(reviewer, row({ status: 'open' }))).toEqual(['comment', 'claim']);
  });

  it('lets the holder resolve, release and escalate an assigned item', () => {
    expect(allowedActions(reviewer, row({ status: 'assigned', assignee_id: 'r1' }))).toEqual([
      'comment',
      'release',
      'resolve',
      'escalate',
    ]);
  });

  it('does not offer release on an escalated item (the machine has no release from escalated)', () => {
    const a = allowedActions(manager, row({ status: 'escalated', assignee_id: 'r1' }));
    expect(a).not.toContain('release');
    expect(a).toEqual(expect.arrayContaining(['resolve', 'reassign']));
  });

  it('never lets the first approver claim or approve their own second approval', () => {
    const a = allowedActions(reviewer, row({ status: 'awaiting_second_approval', first_approver_id: 'r1' }));
    expect(a).not.toContain('claim');
    expect(a).not.toContain('approve-second');
  });

  it('offers nothing but a comment on closed items, to anyone', () => {
    for (const status of ['resolved', 'superseded'] as const) {
      expect(allowedActions(manager, row({ status }))).toEqual(['comment']);
      expect(allowedActions(reviewer, row({ status, assignee_id: 'r1' }))).toEqual(['comment']);
    }
  });

  it('answers for every status without throwing', () => {
    for (const status of EXCEPTION_STATUSES) expect(allowedActions(manager, row({ status }))).toContain('comment');
  });
});
