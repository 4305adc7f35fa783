import { createHash } from 'node:crypto';

/**
 * Whose bucket a request counts against: an integration's whole key (hashed), so a key's own traffic
 * is limited per key; sign-in and invitation routes always by client address (a made-up X-Api-Key must
 * not open a fresh bucket there). The address is the socket peer unless TRUSTED_PROXIES says otherwise.
 */
export function throttleTracker(req: Record<string, any>): string {
  const key = req.headers?.['x-api-key'] as string | undefined;
  // The route Fastify matched, not the raw URL: `/v1/%61uth/login` is the sign-in route too.
  const route = String(req.routeOptions?.url ?? req.url ?? '');
  if (!key || route.startsWith('/v1/auth/')) return `ip:${req.ip}`;
  return `key:${createHash('sha256').update(String(key)).digest('base64url')}`;
}
