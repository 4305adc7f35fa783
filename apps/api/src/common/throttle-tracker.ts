import { createHash } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import { staffCredentialOf } from '../modules/auth/session-cookies';

export type BucketKind = 'key' | 'staff' | 'ip';

export interface RateLimits {
  /** Requests a minute per integration key. */
  perKey: number;
  /** Requests a minute per staff session (bearer token or session cookie). */
  perStaffSession: number;
  /** Requests a minute per client address, for requests without credentials and the sign-in routes. */
  perAddress: number;
}

const hash = (v: string) => createHash('sha256').update(v).digest('base64url');

/**
 * Whose bucket a request counts against:
 * - an integration's whole key (hashed), so a key's own traffic is limited per key;
 * - a staff member's session (its token, hashed), so reviewers behind one office address do not share
 *   a bucket; a made-up token opens a bucket but is refused by the staff guard before any query;
 * - otherwise the client address. Sign-in and invitation routes always count by address (a made-up
 *   X-Api-Key or token must not open a fresh bucket there). The address is the socket peer unless
 *   TRUSTED_PROXIES says otherwise.
 */
export function throttleTracker(req: Record<string, any>): string {
  // Asked twice per request (the limit of its bucket, then its count): the hash is taken once.
  let tracker = trackers.get(req);
  if (tracker === undefined) trackers.set(req, (tracker = trackerOf(req)));
  return tracker;
}

const trackers = new WeakMap<object, string>();

function trackerOf(req: Record<string, any>): string {
  // The route Fastify matched, not the raw URL: `/v1/%61uth/login` is the sign-in route too.
  const route = String(req.routeOptions?.url ?? req.url ?? '');
  if (route.startsWith('/v1/auth/')) return `ip:${req.ip}`;
  const key = req.headers?.['x-api-key'] as string | undefined;
  if (key) return `key:${hash(String(key))}`;
  const credential = staffCredentialOf({ headers: req.headers ?? {}, cookies: req.cookies });
  if (credential) return `staff:${hash(credential.token)}`;
  return `ip:${req.ip}`;
}

export const bucketKind = (tracker: string): BucketKind => tracker.slice(0, tracker.indexOf(':')) as BucketKind;

/** The limit of the request's bucket (the throttler resolves it per request). */
export function rateLimitOf(limits: RateLimits): (ctx: ExecutionContext) => number {
  return (ctx) => {
    const kind = bucketKind(throttleTracker(ctx.switchToHttp().getRequest()));
    return kind === 'key' ? limits.perKey : kind === 'staff' ? limits.perStaffSession : limits.perAddress;
  };
}
