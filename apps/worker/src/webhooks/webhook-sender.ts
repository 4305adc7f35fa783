import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress, webhookUrlProblem } from '@app/domain';

export interface SendOptions {
  allowLocal: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** The first bytes of the answer (at most maxResponseBytes). */
  body: string;
}

/** DNS lookup that refuses private, loopback and link-local answers: a public name cannot lead inside. */
const guardedLookup =
  (allowLocal: boolean): LookupFunction =>
  (hostname, options, callback) =>
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      const list = (addresses ?? []) as LookupAddress[];
      if (err) return callback(err, '', 0);
      const bad = list.find((a) => !allowLocal && isPrivateAddress(a.address));
      if (bad) return callback(new Error(`${hostname} resolves to a private address (${bad.address})`), '', 0);
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0].address, list[0].family);
    });

/**
 * POSTs one webhook body. No redirect is followed (a 3xx is an answer, not a success), the whole exchange
 * has a deadline, at most maxResponseBytes of the answer are read, and the address is checked again here.
 */
export function sendWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  o: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null, text = ''): SendResult => ({
    statusCode,
    latencyMs: Math.round(performance.now() - started),
    error,
    body: text,
  });
  const problem = webhookUrlProblem(url, o.allowLocal);
  if (problem) return Promise.resolve(done(null, `refused URL: ${problem}`));
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        lookup: guardedLookup(o.allowLocal),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'invoice-triage-webhooks/1',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < o.maxResponseBytes) chunks.push(c.subarray(0, o.maxResponseBytes - size));
          size += c.length;
          if (size >= o.maxResponseBytes) res.destroy(); // enough read: the rest is not our business
        });
        const finish = () => {
          clearTimeout(deadline);
          resolve(done(res.statusCode ?? null, null, Buffer.concat(chunks).toString('utf8')));
        };
        res.on('end', finish);
        res.on('close', finish);
      },
    );
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    req.on('error', (e) => {
      clearTimeout(deadline);
      resolve(done(null, e.message));
    });
    req.end(body);
  });
}
