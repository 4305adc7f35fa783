import { D, round2 } from './decimal.util';
import { expectedTaxCents } from './invoice-facts.util';

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
