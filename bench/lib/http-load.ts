import http from 'node:http';

export interface LoadResult {
  requests: number;
  ok: number;
  seconds: number;
  rate: number;
  latencies: number[];
  statuses: Record<number, number>;
}

export const pct = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

/** One request on a keep-alive agent; resolves with the status and the body text. */
export function request(
  agent: http.Agent,
  url: URL,
  method: string,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: {
          ...headers,
          ...(body !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * Closed-loop load: `connections` keep-alive connections, each sending the next body as soon as its
 * previous answer arrived (a small load generator of our own: autocannon is not installed here).
 */
export async function closedLoop(
  base: string,
  path: string,
  bodies: string[],
  connections: number,
  headers: Record<string, string> = {},
  expectStatus = 202,
): Promise<LoadResult & { answers: string[] }> {
  const url = new URL(path, base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const answers: string[] = new Array(bodies.length);
  let next = 0;
  let ok = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < bodies.length) {
        const i = next++;
        const t = process.hrtime.bigint();
        const res = await request(agent, url, 'POST', bodies[i], headers);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === expectStatus) ok++;
        answers[i] = res.body;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: bodies.length, ok, seconds, rate: ok / seconds, latencies, statuses, answers };
}
