/**
 * Does a big request stall the API? Starts the API as a child process, posts big invoices (a JSON
 * invoice of 3,000 lines × 50 allowances, ~7 MB; a UBL document with 200,000 attributes, ~2.3 MB;
 * a UBL document at the element limit) while another loop asks /health/live every 10 ms, and prints
 * each POST's status and time and the worst /health/live latency during it.
 *
 * Run:  node scripts/demo-data/ts-run.mjs bench/intake-stall.bench.ts [apiRoot=.] [port=3999] [rounds=3]
 * apiRoot is the checkout whose API is measured (compare a branch with main: /work/main). Needs
 * PostgreSQL and Redis as for the tests; works in a throwaway schema.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from '@app/persistence';
import { createIntegration, createTestEnvironment, EN16931_DIR, invoiceWithAllowances } from '@app/testing';
import { validateEnvironment } from '@app/config';

const [apiRoot = '.', port = '3999', rounds = '3'] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;

const bigJson = () => JSON.stringify(invoiceWithAllowances(3000, 50));

function ublWith(extra: string): string {
  const doc = readFileSync(join(EN16931_DIR, 'examples/ubl/Invoice-Min_content_with_VAT.xml'), 'utf8');
  return doc.replace(
    '<cbc:BuyerReference>ACE22</cbc:BuyerReference>',
    `<cbc:BuyerReference>ACE22</cbc:BuyerReference>${extra}`,
  );
}

const manyAttributes = () =>
  ublWith(`<cbc:Note ${Array.from({ length: 200000 }, (_, i) => `a${i}="1"`).join(' ')}>x</cbc:Note>`);
const manyElements = () => ublWith(`<cbc:Note>${'<b>x</b>'.repeat(199000)}</cbc:Note>`);

async function probeWhile<T>(work: Promise<T>): Promise<{ result: T; worstMs: number; probes: number }> {
  let done = false;
  let worst = 0;
  let probes = 0;
  const prober = (async () => {
    while (!done) {
      const t = performance.now();
      await fetch(`${base}/health/live`).then((r) => r.arrayBuffer());
      worst = Math.max(worst, performance.now() - t);
      probes++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const result = await work;
  done = true;
  await prober;
  return { result, worstMs: worst, probes };
}

async function main(): Promise<void> {
  const env = await createTestEnvironment('stall');
  const cfg = validateEnvironment(process.env);
  const ds = new DataSource(typeOrmOptions({ url: cfg.DATABASE_URL, schema: cfg.DATABASE_SCHEMA, poolSize: 2 }));
  const root = resolve(apiRoot);
  // As `npm run start:api` does (the API's worker threads load its TypeScript sources the same way).
  const api = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'apps/api/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: port, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; i < 600; i++) {
      if (
        await fetch(`${base}/health/live`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await ds.initialize(); // the API has applied its migrations
    const { apiKey } = await createIntegration(ds, 'bench');
    const bodies: [string, string, string][] = [
      ['JSON 3,000 lines × 50 allowances', 'application/json', bigJson()],
      ['UBL with 200,000 attributes', 'application/xml', manyAttributes()],
      ['UBL with 199,000 elements', 'application/xml', manyElements()],
    ];
    console.log(`API from ${root}`);
    for (const [name, type, body] of bodies) {
      for (let r = 0; r < Number(rounds); r++) {
        const payload =
          type === 'application/json' ? body.replace('"invoiceNumber":"', `"invoiceNumber":"${r}-`) : body;
        const t = performance.now();
        const { result, worstMs, probes } = await probeWhile(
          fetch(`${base}/v1/invoices`, {
            method: 'POST',
            headers: { 'x-api-key': apiKey, 'content-type': type },
            body: payload,
          }).then(async (res) => ({
            status: res.status,
            code: res.status >= 400 ? ((await res.json()) as { error?: { code?: string } }).error?.code : undefined,
          })),
        );
        console.log(
          `${name} (${(Buffer.byteLength(payload) / 1e6).toFixed(1)} MB): ${result.status}${result.code ? ` ${result.code}` : ''} in ${(performance.now() - t).toFixed(0)} ms; ` +
            `worst /health/live ${worstMs.toFixed(0)} ms over ${probes} probes`,
        );
      }
    }
  } finally {
    api.kill('SIGTERM');
    if (ds.isInitialized) await ds.destroy();
    await env.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
