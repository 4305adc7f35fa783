import { isIP } from 'node:net';

/**
 * Where a webhook may point. https only; plain http and private, loopback or link-local addresses only when
 * local targets are allowed (development and test). No user:password in the URL. The sender checks the
 * address DNS gives at connect time again (a public name may resolve to a private address).
 */
export function webhookUrlProblem(raw: string, allowLocal: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not an absolute URL';
  }
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host.endsWith('.localhost') || (isIP(host) > 0 && isPrivateAddress(host));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowLocal && local))
    return allowLocal ? 'https, or http to localhost' : 'https only';
  if (local && !allowLocal) return 'private, loopback and link-local addresses are not allowed';
  return null;
}

/** Loopback, private (RFC 1918, unique local), link-local, CGNAT, unspecified and mapped forms of them. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}
