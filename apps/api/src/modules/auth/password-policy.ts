import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { ApiError } from '../../common/api-error';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MIN_SCORE = 3;

const common = new Set<string>(
  (dictionary as Record<string, string[]>)['passwords-common'].map((p) => p.toLowerCase()),
);
let zxcvbn: ZxcvbnFactory | null = null;

/**
 * Password policy for passwords people choose themselves: at least 12 characters, not on the bundled
 * common-password list (@zxcvbn-ts/language-common, ~49,000 entries) and a zxcvbn score of at least 3
 * of 4 (no keyboard walks, repeats or dictionary words with digits appended). Returns the problems.
 */
export function passwordProblems(password: string, userInputs: string[] = []): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(`at least ${PASSWORD_MIN_LENGTH} characters`);
  if (common.has(password.toLowerCase())) problems.push('not one of the commonly used passwords');
  if (!problems.length) {
    zxcvbn ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
    const r = zxcvbn.check(password, userInputs);
    if (r.score < PASSWORD_MIN_SCORE)
      problems.push(
        `harder to guess (${r.feedback.warning ?? 'too predictable'}; strength ${r.score} of 4, needs ${PASSWORD_MIN_SCORE})`,
      );
  }
  return problems;
}

export function assertPasswordPolicy(password: string, userInputs: string[] = []): void {
  const problems = passwordProblems(password, userInputs);
  if (problems.length) {
    throw new ApiError(400, 'PASSWORD_TOO_WEAK', `The password must be ${problems.join(', ')}`, [
      {
        path: 'password',
        issue: 'too weak',
        expected: problems.join('; '),
        actual: `${[...password].length} characters`,
      },
    ]);
  }
}
