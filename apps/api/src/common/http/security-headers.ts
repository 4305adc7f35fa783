import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Browser hardening for every answer: a CSP that fits the bundled pages (scripts and styles only from
 * this origin, no inline script, no framing), nosniff, HSTS (one year), no referrer across origins.
 * Inline style attributes are allowed because the charts and highlighted fields set element styles.
 */
export const SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      scriptSrcAttr: ["'none'"],
    },
  },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'same-origin' },
  frameguard: { action: 'deny' },
  crossOriginEmbedderPolicy: false,
};

export interface SecurityHeaders {
  set: [name: string, value: string][];
  remove: string[];
}

/**
 * The headers helmet sets for these options, computed once. @fastify/helmet builds helmet again on every
 * request (parsing the CSP directives each time); with static options (no nonces, no directive computed
 * per request) the answer is the same every time, so it is taken once at start and replayed.
 */
export function securityHeadersOf(options: HelmetOptions): SecurityHeaders {
  const directives = (options.contentSecurityPolicy as { directives?: Record<string, unknown> } | undefined)
    ?.directives;
  for (const [name, value] of Object.entries(directives ?? {})) {
    if (typeof value === 'function' || (Array.isArray(value) && value.some((v) => typeof v === 'function')))
      throw new Error(`CSP directive ${name} is computed per request: it cannot be set once`);
  }
  const set = new Map<string, string>();
  const remove: string[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name, String(value));
    },
    removeHeader(name: string) {
      set.delete(name);
      remove.push(name);
    },
  };
  let failure: unknown;
  helmet(options)({} as never, res as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return { set: [...set], remove };
}

/** Every answer (404s and errors included) carries the security headers: one onRequest hook, on the raw response as @fastify/helmet did. */
export function registerSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions): void {
  const { set, remove } = securityHeadersOf(options);
  fastify.addHook('onRequest', (_req, reply, done) => {
    const raw = reply.raw;
    for (let i = 0; i < set.length; i++) raw.setHeader(set[i][0], set[i][1]);
    for (let i = 0; i < remove.length; i++) raw.removeHeader(remove[i]);
    done();
  });
}
