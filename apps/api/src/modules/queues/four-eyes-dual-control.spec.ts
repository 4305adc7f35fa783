import { splitFourEyesChange } from './four-eyes-dual-control';

describe('splitFourEyesChange: what loosens four eyes waits for a second manager', () => {
  const q = (fourEyes: boolean, threshold: string | null) => ({
    four_eyes: fourEyes,
    four_eyes_amount_threshold: threshold,
  });

  it.each([
    [q(true, '50000.00'), { fourEyes: false }, { fourEyes: false }],
    [q(false, '50000.00'), { fourEyesAmountThreshold: '50000.01' }, { fourEyesAmountThreshold: '50000.01' }],
    [q(false, '50000.00'), { fourEyesAmountThreshold: null }, { fourEyesAmountThreshold: null }],
    [q(true, null), { fourEyes: false, fourEyesAmountThreshold: '10' }, { fourEyes: false }],
  ])('%o + %o leaves %o pending', (current, dto, loosening) => {
    expect(splitFourEyesChange(current, dto).loosening).toEqual(loosening);
  });

  it.each([
    [q(false, '50000.00'), { fourEyes: true }],
    [q(false, '50000.00'), { fourEyesAmountThreshold: '50000' }],
    [q(false, '50000.00'), { fourEyesAmountThreshold: '100.00' }],
    [q(false, null), { fourEyesAmountThreshold: '1000000.00' }],
    [q(true, null), { fourEyes: true, slaMinutes: 30 }],
  ])('%o + %o applies at once', (current, dto) => {
    const out = splitFourEyesChange(current, dto);
    expect(out.loosening).toBeNull();
    expect(out.immediate).toEqual(dto);
  });
});
