import { createHash, randomBytes } from 'node:crypto';

/** API keys are 32 random bytes; only their SHA-256 is stored (high-entropy secrets need no slow hash). */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `itk_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
