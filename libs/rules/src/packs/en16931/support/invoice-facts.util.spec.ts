import type { RuleContext } from '../../../engine/rule';
import { D, round2 } from './decimal.util';
import { expectedTaxCents, factsOf } from './invoice-facts.util';

describe('expectedTaxCents', () => {
  // Deterministic pseudo-random plain amounts and rates, compared with the decimal computation of BR-CO-17.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const amount = () => {
    const digits = Math.floor(next() * 10) + 1;
    const whole = String(Math.floor(next() * 10 ** digits));
    const frac = ['', '.5', '.05', '.99', `.${String(Math.floor(next() * 100)).padStart(2, '0')}`][
      Math.floor(next() * 5)
    ];
    return `${next() < 0.2 ? '-' : ''}${whole}${frac}`;
  };
  const rate = () =>
    ['0', '0.5', '5', '5.5', '9', '12', '13.5', '21', '24', '25', '25.5', '7.25'][Math.floor(next() * 12)];

  it('equals round2(|taxable| × rate / 100) in cents for plain values', () => {
    for (let i = 0; i < 5000; i++) {
      const b = { category: 'S', taxableAmount: amount(), rate: rate(), taxAmount: '0' };
      const expected = round2(new D(b.taxableAmount).abs().times(b.rate).div(100)).times(100);
      expect(expectedTaxCents(b, 0)).toBe(expected.toNumber());
    }
  });

  it('declines what it cannot decide exactly', () => {
    expect(expectedTaxCents({ category: 'S', taxableAmount: '100.001', rate: '24', taxAmount: '24' }, 0)).toBeNull();
    expect(expectedTaxCents({ category: 'S', taxableAmount: '100', rate: '24.125', taxAmount: '24' }, 0)).toBeNull();
    expect(expectedTaxCents({ category: 'S', taxableAmount: '100', rate: '-5', taxAmount: '24' }, 0)).toBeNull();
    expect(expectedTaxCents({ category: 'S', taxableAmount: '100', rate: '0.25', taxAmount: '0' }, 50)).toBeNull();
    expect(expectedTaxCents({ category: 'S', taxableAmount: '100', taxAmount: '0' }, 0)).toBeNull();
    expect(
      expectedTaxCents({ category: 'S', taxableAmount: '99999999999.99', rate: '99999999999', taxAmount: '0' }, 0),
    ).toBeNull();
  });
});

describe('sums in cents over many lines', () => {
  const facts = (nets: string[], rate = '25') =>
    factsOf({
      invoice: {
        lines: nets.map((netAmount, i) => ({ id: String(i + 1), netAmount, vatCategory: 'S', vatRate: rate })),
      },
      settings: undefined as never,
      format: 'json',
    } as RuleContext);

  it('stays on the exact integer path beyond 900 lines and agrees with the decimal sums', () => {
    const nets = Array.from({ length: 10_000 }, (_, i) => `${(i * 7919) % 100000}.${String(i % 100).padStart(2, '0')}`);
    const f = facts(nets);
    const cents = f.lineNetCents();
    expect(cents).not.toBeNull();
    expect(cents).toBe(f.lineNetSum().times(100).toNumber());
    const r = new D('25');
    expect(f.categoryBaseCents('S', r)).toBe(f.categoryBase('S', r).times(100).toNumber());
  });

  it('gives the decimal path the sums that would leave the safe integer range', () => {
    // 1,000 lines of 99,999,999,999.99: 10^16 cents in all, beyond 2^53 − 1.
    const f = facts(Array.from({ length: 1000 }, () => '99999999999.99'));
    expect(f.lineNetCents()).toBeNull();
    expect(f.categoryBaseCents('S', new D('25'))).toBeNull();
    expect(f.lineNetSum().toFixed(2)).toBe('99999999999990.00');
  });

  it('judges each line rate, also when the rates change from line to line', () => {
    const f = factsOf({
      invoice: {
        lines: ['25', '24.5', '25', '25.00', '10', '24.6'].map((vatRate, i) => ({
          id: String(i + 1),
          netAmount: '1.00',
          vatCategory: 'S',
          vatRate,
        })),
      },
      settings: undefined as never,
      format: 'json',
    } as RuleContext);
    // Rounded as the Schematron's round(): 24.5 and 24.6 round to 25.
    expect(f.categoryBaseCents('S', new D('25'))).toBe(500);
    expect(f.categoryBase('S', new D('25')).toFixed(2)).toBe('5.00');
    expect(f.categoryBaseCents('S', new D('10'))).toBe(100);
  });
});
