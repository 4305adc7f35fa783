import { ConfigError, docsEnabled, validateEnvironment } from './app-config';

describe('production settings of /metrics and /docs', () => {
  const production = {
    NODE_ENV: 'production',
    METRICS_TOKEN: 'a-scrape-token-of-enough-length-123',
    JWT_SECRET: 'a9cb52fb1eb01bee553718e83fa59bdf3dec58b7219c5ecb0bcccab8baf74d94',
  };

  it('refuses to start in production with /metrics open', () => {
    expect(() => validateEnvironment({ ...production, METRICS_TOKEN: undefined })).toThrow(ConfigError);
    expect(() => validateEnvironment({ ...production, METRICS_TOKEN: undefined })).toThrow(
      /METRICS_TOKEN: required in production/,
    );
    expect(() => validateEnvironment({ ...production, METRICS_TOKEN: 'short' })).toThrow(/at least 24 characters/);
    expect(validateEnvironment(production).METRICS_TOKEN).toBe(production.METRICS_TOKEN);
    expect(
      validateEnvironment({ ...production, METRICS_TOKEN: undefined, METRICS_ENABLED: 'false' }).METRICS_ENABLED,
    ).toBe('false');
    expect(validateEnvironment({ NODE_ENV: 'development' }).METRICS_TOKEN).toBeUndefined();
  });

  it('serves /docs outside production, and in production only when DOCS_ENABLED=true', () => {
    expect(docsEnabled(validateEnvironment({ NODE_ENV: 'development' }))).toBe(true);
    expect(docsEnabled(validateEnvironment({ NODE_ENV: 'development', DOCS_ENABLED: 'false' }))).toBe(false);
    expect(docsEnabled(validateEnvironment(production))).toBe(false);
    expect(docsEnabled(validateEnvironment({ ...production, DOCS_ENABLED: 'true' }))).toBe(true);
    expect(() => validateEnvironment({ DOCS_ENABLED: 'yes' })).toThrow(/DOCS_ENABLED/);
  });
});
