import { TransitionError } from '@app/domain';
import { invoiceOutcome } from './decision';
import { exceptionStateMachine as m, sqlTargetStatus } from './exception-state';
import { requiresFourEyes } from './four-eyes';

describe('exception state machine', () => {
  it('walks the four-eyes path', () => {
    let s = m.next('open', 'assign');
    expect(s).toBe('assigned');
    s = m.next(s, 'approve_first');
    expect(s).toBe('awaiting_second_approval');
    s = m.next(s, 'assign');
    expect(s).toBe('second_review');
    expect(m.next(s, 'approve_second')).toBe('resolved');
  });

  it('returns released items to the stage they came from', () => {
    expect(m.next('assigned', 'release')).toBe('open');
    expect(m.next('second_review', 'time_out')).toBe('awaiting_second_approval');
  });

  it('refuses transitions out of closed states', () => {
    expect(() => m.next('resolved', 'assign')).toThrow(TransitionError);
    expect(() => m.next('open', 'resolve')).toThrow(/cannot resolve/);
    expect(() => m.next('open', 'approve_first')).toThrow(TransitionError);
  });

  it('renders the same table as SQL', () => {
    expect(sqlTargetStatus('assign', 'e.status')).toBe(
      `CASE e.status WHEN 'open' THEN 'assigned' WHEN 'awaiting_second_approval' THEN 'second_review' END`,
    );
  });
});

describe('four eyes', () => {
  const q = { key: 'vat.EE', fourEyes: false, fourEyesAmountThreshold: '50000.00' };
  it('applies above the amount threshold, to bank accounts always, and when the queue says so', () => {
    expect(requiresFourEyes(q, '50000.00')).toBe(false);
    expect(requiresFourEyes(q, '50000.01')).toBe(true);
    expect(requiresFourEyes({ ...q, key: 'supplier.bank-account', fourEyesAmountThreshold: null }, '1.00')).toBe(true);
    expect(requiresFourEyes({ ...q, fourEyes: true }, null)).toBe(true);
  });
});

describe('invoice outcome', () => {
  it('lets one rejection win, then a return, else approval', () => {
    expect(invoiceOutcome(['approve', 'reject', 'return_to_supplier'])).toBe('reject');
    expect(invoiceOutcome(['approve', 'return_to_supplier'])).toBe('return_to_supplier');
    expect(invoiceOutcome(['approve', 'approve'])).toBe('approve');
  });
});
