import http from 'node:http';

/**
 * One HTTP request to the API on 127.0.0.1 without keep-alive (a killed API must not leave a pooled
 * socket behind), 30 s at most. `body` is sent as JSON text as it is.
 */
export function request(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent: false,
        headers: {
          ...headers,
          ...(body !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
            : {}),
        },
      },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => res({ status: r.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        r.on('error', rej);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', rej);
    req.end(body);
  });
}

/** A request with a JSON body (if any) whose answer is parsed as JSON when it is JSON (else the raw text). */
export async function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const r = await request(port, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  let json: unknown = null;
  try {
    json = r.body ? JSON.parse(r.body) : null;
  } catch {
    json = r.body;
  }
  return { status: r.status, json };
}
