import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  createIntegration,
  createTestEnvironment,
  EN16931_DIR,
  invoiceWithAllowances,
  sampleInvoice,
  TestEnvironment,
  waitFor,
} from '@app/testing';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { createApiApp } from '../apps/api/src/bootstrap';
import { IntakeBodyReader } from '../apps/api/src/modules/intake/reading/intake-body-reader.service';
import { WorkerModule } from '../apps/worker/src/worker.module';

const FINAL = ['ready', 'in_review', 'rejected', 'returned_to_supplier', 'duplicate', 'failed'];
const SETTINGS = { INTAKE_INLINE_MAX_BYTES: String(64 * 1024), INTAKE_PARSE_THREADS: '1' };

/** Big invoices are read on a worker thread: the API keeps answering while one is parsed and validated. */
describe('big posted invoices (HTTP, worker thread, PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let key: string;

  const post = (payload: string, type = 'application/json', headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key, 'content-type': type, ...headers },
      payload,
    });

  beforeAll(async () => {
    env = await createTestEnvironment('bigbodies');
    Object.assign(process.env, SETTINGS);
    app = await createApiApp({ logger: false });
    await app.init();
    await app.listen({ port: 0, host: '127.0.0.1' });
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    key = (await createIntegration(ds, 'erp')).apiKey;
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.cleanup();
    for (const k of Object.keys(SETTINGS)) delete process.env[k];
  });

  it('a body whose reading needs more memory than a parse thread may use: 413 INTAKE_TOO_COMPLEX, and the API goes on', async () => {
    const cfg = app.get<EnvironmentVariables>(APP_CONFIG);
    const reader = new IntakeBodyReader({ ...cfg, INTAKE_PARSE_THREAD_MEMORY_MB: 64 } as EnvironmentVariables);
    try {
      const read = await reader.read({ kind: 'json', text: JSON.stringify(invoiceWithAllowances(3000, 50)) });
      expect(read).toMatchObject({
        ok: false,
        failure: {
          status: 413,
          code: 'INTAKE_TOO_COMPLEX',
          details: [{ path: '', issue: expect.stringContaining('memory') }],
        },
      });
      // The pool replaces the thread: the next big body is read.
      const small = Array.from({ length: 600 }, (_, i) => ({ ...sampleInvoice().lines[0], id: String(i + 1) }));
      expect((await reader.read({ kind: 'json', text: JSON.stringify(sampleInvoice({ lines: small })) })).ok).toBe(
        true,
      );
    } finally {
      await reader.onModuleDestroy();
    }
  });

  it('an API started with a heap limit (node --max-old-space-size=…) still reads big bodies on its thread', async () => {
    // Worker threads refuse V8 options in their execArgv; the reader handed the process's own to its threads,
    // so every body over INTAKE_INLINE_MAX_BYTES answered 500 under a production heap limit.
    const reader = new IntakeBodyReader(app.get<EnvironmentVariables>(APP_CONFIG));
    process.execArgv.push('--max-old-space-size=200');
    try {
      const lines = Array.from({ length: 600 }, (_, i) => ({ ...sampleInvoice().lines[0], id: String(i + 1) }));
      const text = JSON.stringify(sampleInvoice({ lines }));
      expect(text.length).toBeGreaterThan(64 * 1024);
      const read = await reader.read({ kind: 'json', text });
      expect(read.ok).toBe(true);
      expect(reader.offThread).toBe(1);
    } finally {
      process.execArgv.splice(process.execArgv.indexOf('--max-old-space-size=200'), 1);
      await reader.onModuleDestroy();
    }
  });

  it('a 1,000-line JSON invoice with 50 allowances per line: 202, all lines stored, /health/live answered meanwhile', async () => {
    const body = JSON.stringify(invoiceWithAllowances(1000, 50));
    expect(body.length).toBeGreaterThan(2_000_000);
    const reader = app.get(IntakeBodyReader);
    const before = reader.offThread;
    const url = `${await app.getUrl()}/health/live`.replace('[::1]', '127.0.0.1');
    let done = false;
    let answered = 0;
    let worst = 0;
    const prober = (async () => {
      while (!done) {
        const t = performance.now();
        if ((await fetch(url)).ok) answered++;
        worst = Math.max(worst, performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const started = performance.now();
    const res = await fetch(`${await app.getUrl()}/v1/invoices`.replace('[::1]', '127.0.0.1'), {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json', 'idempotency-key': 'big-1' },
      body,
    });
    const took = performance.now() - started;
    done = true;
    await prober;
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(reader.offThread).toBe(before + 1);
    console.log(
      `${(body.length / 1e6).toFixed(1)} MB JSON invoice: 202 in ${took.toFixed(0)} ms; /health/live answered ${answered} times meanwhile, worst ${worst.toFixed(0)} ms`,
    );
    expect(answered).toBeGreaterThanOrEqual(3);
    const [row] = await ds.query(
      `SELECT (SELECT count(*)::int FROM invoice_lines WHERE invoice_id = $1) AS lines, jsonb_array_length(canonical->'lines') AS canonical_lines,
      jsonb_array_length(canonical->'lines'->0->'allowanceCharges') AS allowances FROM invoices WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ lines: 1000, canonical_lines: 1000, allowances: 50 });
    // The same body and key answer the first answer (the hash taken on the worker thread is the usual one).
    const again = await post(body, 'application/json', { 'idempotency-key': 'big-1' });
    expect(again.statusCode).toBe(202);
    expect(again.json().id).toBe(id);
  }, 180_000);

  it('a big body refused on the worker thread answers the same error contract', async () => {
    const inv = sampleInvoice({
      lines: Array.from({ length: 2000 }, (_, i) => ({
        id: String(i),
        description: 'x'.repeat(40),
        quantity: '1',
        unitPrice: '1.00',
        netAmount: '1.00',
        vatCategory: 'S',
        vatRate: '25.5',
      })),
    });
    inv.lines[1500].description = 'bad\u0000text';
    const res = await post(JSON.stringify(inv));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'lines[1500].description' })],
    });
    const deep = `{"a":${'['.repeat(40000)}${']'.repeat(40000)}}`;
    expect((await post(deep)).json().error.code).toBe('JSON_TOO_DEEP');
  }, 120_000);

  it('the 3.2 MB official UBL example is read on a worker thread and reaches a final status', async () => {
    const doc = readFileSync(
      join(EN16931_DIR, 'examples/ubl/FT-G2G_TD01-con-Allegato-Bonifico-e-Split-Payment.xml'),
      'utf8',
    );
    const reader = app.get(IntakeBodyReader);
    const before = reader.offThread;
    const res = await post(doc, 'application/xml');
    expect(res.statusCode).toBe(202);
    expect(reader.offThread).toBe(before + 1);
    const id = res.json().id;
    const status = await waitFor(async () => {
      const [r] = await ds.query(`SELECT status FROM invoices WHERE id = $1`, [id]);
      return FINAL.includes(r.status) ? r.status : null;
    }, 60_000);
    expect(FINAL).toContain(status);
    const [row] = await ds.query(`SELECT invoice_number, raw_document = $2 AS raw_kept FROM invoices WHERE id = $1`, [
      id,
      doc,
    ]);
    expect(row).toEqual({ invoice_number: '1316/85', raw_kept: true });
  }, 120_000);
});
