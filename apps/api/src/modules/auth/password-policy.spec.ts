import { passwordProblems } from './password-policy';

describe('password policy', () => {
  it('refuses short, common and predictable passwords', () => {
    expect(passwordProblems('Xk3#pq9!')).toEqual([expect.stringContaining('12 characters')]);
    expect(passwordProblems('password1234')).toEqual([expect.stringContaining('commonly used')]);
    expect(passwordProblems('qwertyuiopasdf')).toEqual([expect.stringContaining('harder to guess')]);
    expect(passwordProblems('anna.smith@example.com', ['anna.smith@example.com'])).not.toEqual([]);
  });

  it('accepts a long passphrase', () => {
    expect(passwordProblems('my own long passphrase 4 invoices')).toEqual([]);
  });
});
