import type { FastifyReply, FastifyRequest } from 'fastify';

/** The HttpOnly session cookie (the staff token) and the readable CSRF cookie the pages echo in X-CSRF-Token. */
export const SESSION_COOKIE = 'access_token';
export const CSRF_COOKIE = 'csrf_token';
export const CSRF_HEADER = 'x-csrf-token';

type CookieReply = FastifyReply & {
  setCookie?: (name: string, value: string, opts: Record<string, unknown>) => FastifyReply;
};

export function setSessionCookies(
  reply: FastifyReply,
  token: string,
  csrf: string,
  maxAgeSeconds: number,
  secure: boolean,
): void {
  const r = reply as CookieReply;
  if (!r.setCookie) return;
  const base = { path: '/', sameSite: 'strict', secure, maxAge: maxAgeSeconds };
  r.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
  r.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  const r = reply as CookieReply;
  if (!r.setCookie) return;
  for (const [name, httpOnly] of [
    [SESSION_COOKIE, true],
    [CSRF_COOKIE, false],
  ] as const) {
    r.setCookie(name, '', { path: '/', sameSite: 'strict', secure, httpOnly, maxAge: 0, expires: new Date(0) });
  }
}

/** The session token from the cookie (parsed by @fastify/cookie, or read from the header). */
export function sessionCookieOf(
  req: Pick<FastifyRequest, 'headers'> & { cookies?: Record<string, string | undefined> },
): string | undefined {
  const v =
    req.cookies?.[SESSION_COOKIE] ??
    new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1];
  return v || undefined;
}

/** A staff request's token: `Authorization: Bearer` (API clients), else the session cookie (the web pages). */
export function staffCredentialOf(
  req: Pick<FastifyRequest, 'headers'> & { cookies?: Record<string, string | undefined> },
): { token: string; fromCookie: boolean } | undefined {
  const header = req.headers.authorization ?? '';
  const bearer = header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (bearer) return { token: bearer, fromCookie: false };
  const cookie = sessionCookieOf(req);
  return cookie ? { token: cookie, fromCookie: true } : undefined;
}
