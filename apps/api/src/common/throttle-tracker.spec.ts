import { bucketKind, rateLimitOf, throttleTracker } from './throttle-tracker';

describe('rate-limit buckets', () => {
  it('sign-in counts by client address whatever X-Api-Key says', () => {
    const a = throttleTracker({ url: '/v1/auth/login', ip: '198.51.100.7', headers: { 'x-api-key': 'junk-1' } });
    const b = throttleTracker({ url: '/v1/auth/login', ip: '198.51.100.7', headers: { 'x-api-key': 'junk-2' } });
    expect(a).toBe(b);
    expect(a).toBe('ip:198.51.100.7');
    const encoded = throttleTracker({
      url: '/v1/%61uth/login',
      routeOptions: { url: '/v1/auth/login' },
      ip: '198.51.100.7',
      headers: { 'x-api-key': 'junk-3' },
    });
    expect(encoded).toBe(a);
  });

  it('an integration key counts whole, not by its first characters', () => {
    const k1 = throttleTracker({
      url: '/v1/invoices',
      ip: '1.2.3.4',
      headers: { 'x-api-key': 'itk_abcdef12_AAAAAAAAAAAA' },
    });
    const k2 = throttleTracker({
      url: '/v1/invoices',
      ip: '1.2.3.4',
      headers: { 'x-api-key': 'itk_abcdef12_AAAAAAAAAAAB' },
    });
    expect(k1).not.toBe(k2);
    expect(k1).not.toContain('itk_');
  });

  it('a staff session counts by its token (bearer or session cookie), requests without credentials by address', () => {
    const bearer = (t: string) =>
      throttleTracker({ url: '/v1/review/next', ip: '203.0.113.9', headers: { authorization: `Bearer ${t}` } });
    expect(bearer('tok-a')).toMatch(/^staff:/);
    expect(bearer('tok-a')).not.toBe(bearer('tok-b'));
    expect(bearer('tok-a')).not.toContain('tok-a');
    const cookie = throttleTracker({
      url: '/v1/me',
      ip: '203.0.113.9',
      headers: { cookie: 'other=1; access_token=tok-a' },
    });
    expect(cookie).toBe(bearer('tok-a'));
    expect(throttleTracker({ url: '/v1/rules', ip: '203.0.113.9', headers: {} })).toBe('ip:203.0.113.9');
    // Sign-in counts by address even with a token.
    expect(
      throttleTracker({ url: '/v1/auth/login', ip: '203.0.113.9', headers: { authorization: 'Bearer tok-a' } }),
    ).toBe('ip:203.0.113.9');
  });

  it('each bucket has its own limit', () => {
    const limit = rateLimitOf({ perKey: 60_000, perStaffSession: 3_000, perAddress: 6_000 });
    const ctx = (req: Record<string, unknown>) => ({ switchToHttp: () => ({ getRequest: () => req }) }) as never;
    expect(limit(ctx({ url: '/v1/invoices', ip: '1.2.3.4', headers: { 'x-api-key': 'itk_x' } }))).toBe(60_000);
    expect(limit(ctx({ url: '/v1/review/next', ip: '1.2.3.4', headers: { authorization: 'Bearer t' } }))).toBe(3_000);
    expect(limit(ctx({ url: '/v1/rules', ip: '1.2.3.4', headers: {} }))).toBe(6_000);
    expect(bucketKind('staff:abc')).toBe('staff');
  });
});
