import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Header that carries the signature of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';

/** A new per-endpoint signing secret (shown once to the integration). */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** HMAC-SHA256 over `<t>.<body>` with the endpoint's secret: the timestamp is signed, so a replay can be refused. */
export function signWebhook(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * What a receiver does: recompute the HMAC of the raw body and compare in constant time, and refuse a
 * timestamp older (or newer) than `toleranceSeconds`. Several v1 values may be present (secret rotation).
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | undefined,
  toleranceSeconds = 300,
  now = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return parts
    .filter(([k]) => k === 'v1')
    .some(([, v]) => v !== undefined && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}
