import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { registerSecurityHeaders, SECURITY_HEADERS, securityHeadersOf } from './security-headers';

/** An answer's headers without those that differ between any two answers. */
const headersOf = (h: Record<string, unknown>) => {
  const { date: _d, 'content-length': _l, connection: _c, ...rest } = h;
  return rest;
};

async function answers(register: (app: ReturnType<typeof Fastify>) => Promise<void> | void) {
  const app = Fastify();
  await register(app);
  app.get('/ok', async () => ({ ok: true }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  await app.ready();
  const out = [];
  for (const url of ['/ok', '/boom', '/missing']) out.push(headersOf((await app.inject({ url })).headers));
  await app.close();
  return out;
}

describe('security headers', () => {
  it('are the headers @fastify/helmet sent with the same options, on answers, errors and 404s', async () => {
    const before = await answers((app) => app.register(fastifyHelmet, { global: true, ...SECURITY_HEADERS }));
    const now = await answers((app) => registerSecurityHeaders(app, SECURITY_HEADERS));
    expect(now).toEqual(before);
    expect(now[2]['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(now[1]['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('refuses a CSP directive computed per request (it cannot be set once)', () => {
    expect(() =>
      securityHeadersOf({ contentSecurityPolicy: { directives: { scriptSrc: [() => "'nonce-x'"] } } }),
    ).toThrow(/computed per request/);
  });
});
