import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEnvironment } from './app-config';

const strong = () => randomBytes(32).toString('base64url');
// Other production requirements (a /metrics scrape token) are met, so only the secret and demo settings are judged.
const base = { NODE_ENV: 'production', METRICS_TOKEN: randomBytes(24).toString('base64url') };

describe('production configuration refuses to be unsafe', () => {
  it('refuses the shipped default JWT secret in production', () => {
    expect(() => validateEnvironment(base)).toThrow(/JWT_SECRET/);
    expect(() => validateEnvironment({ ...base, JWT_SECRET: 'local-development-secret-change-me' })).toThrow(
      /JWT_SECRET.*known default/,
    );
    expect(() => validateEnvironment({ ...base, JWT_SECRET: 'change-this-secret-in-production' })).toThrow(
      /JWT_SECRET/,
    );
  });

  it('refuses a short or low-entropy secret in production', () => {
    expect(() => validateEnvironment({ ...base, JWT_SECRET: 'x'.repeat(20) + 'abcdefghijkl' })).toThrow(/JWT_SECRET/);
    expect(() => validateEnvironment({ ...base, JWT_SECRET: 'a'.repeat(64) })).toThrow(/JWT_SECRET/);
    expect(() => validateEnvironment({ ...base, JWT_SECRET: randomBytes(16).toString('hex') })).toThrow(/JWT_SECRET/);
  });

  it('accepts 32 random bytes (base64 or hex) in production', () => {
    expect(validateEnvironment({ ...base, JWT_SECRET: strong() }).JWT_SECRET).toHaveLength(43);
    expect(() => validateEnvironment({ ...base, JWT_SECRET: randomBytes(32).toString('hex') })).not.toThrow();
  });

  it('refuses demo credentials and keys in production', () => {
    for (const name of ['DEMO_API_KEY', 'DEMO_ADMIN_PASSWORD', 'DEMO_REVIEWER_PASSWORD', 'DEMO_MANAGER_PASSWORD']) {
      expect(() => validateEnvironment({ ...base, JWT_SECRET: strong(), [name]: 'anything' })).toThrow(
        new RegExp(name),
      );
    }
    // Empty values (compose passes `${DEMO_API_KEY:-}`) are not set.
    expect(() => validateEnvironment({ ...base, JWT_SECRET: strong(), DEMO_API_KEY: '' })).not.toThrow();
  });

  it('refuses cheap password hashing in production', () => {
    expect(() => validateEnvironment({ ...base, JWT_SECRET: strong(), ARGON2_MEMORY_KIB: '4096' })).toThrow(
      /ARGON2_MEMORY_KIB/,
    );
    expect(() => validateEnvironment({ ...base, JWT_SECRET: strong(), ARGON2_TIME_COST: '1' })).toThrow(
      /ARGON2_TIME_COST/,
    );
  });

  it('keeps the local defaults outside production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'development', DEMO_API_KEY: 'itk_local_demo_key' })).not.toThrow();
    expect(() => validateEnvironment({ NODE_ENV: 'test' })).not.toThrow();
  });

  it('the compose file has no fallback JWT secret', () => {
    const compose = readFileSync(join(__dirname, '..', '..', '..', 'docker', 'compose.yaml'), 'utf8');
    const line = compose.split('\n').find((l) => /^\s*JWT_SECRET:/.test(l));
    expect(line).toBeDefined();
    expect(line).not.toMatch(/:-/);
    expect(line).toMatch(/\$\{JWT_SECRET:\?/);
  });
});
