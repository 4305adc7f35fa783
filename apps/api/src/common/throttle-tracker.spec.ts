import { throttleTracker } from './throttle-tracker';

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
});
