import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createIntegration, createTestEnvironment, sampleInvoice, TestEnvironment, waitFor } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { IntakeAdmissionHook } from '../apps/api/src/modules/intake/admission/intake-admission.hook';

/** Nearly all of the budget: an ordinary invoice (~2 kB) does not fit beside it. */
const HOLD = 64 * 1024 - 200;
const SETTINGS = { INTAKE_BYTES_IN_FLIGHT: String(64 * 1024), INTAKE_ADMISSION_WAIT_MS: '800' };

/**
 * Intake admission over real HTTP: a client that is still sending a big body holds its bytes of
 * INTAKE_BYTES_IN_FLIGHT; a request that does not fit waits, and past INTAKE_ADMISSION_WAIT_MS is
 * answered 503 INTAKE_BUSY with nothing stored; bytes given back (the slow client done or gone) let
 * the next one in.
 */
describe('intake admission (HTTP, PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;
  let key: string;
  let base: string;

  beforeAll(async () => {
    env = await createTestEnvironment('admission');
    Object.assign(process.env, SETTINGS);
    app = await createApiApp({ logger: false });
    await app.init();
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    ds = app.get(DataSource);
    key = (await createIntegration(ds, 'erp')).apiKey;
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
    for (const k of Object.keys(SETTINGS)) delete process.env[k];
  });

  /** Starts a POST of `length` bytes and sends only its first bytes: it holds its admission until destroyed. */
  const slowUpload = (length: number) => {
    const req = request(`${base}/v1/invoices`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json', 'content-length': String(length) },
    });
    req.on('error', () => {}); // destroyed on purpose
    req.write('{"invoiceNumber":');
    return req;
  };
  const post = (inv = sampleInvoice()) =>
    fetch(`${base}/v1/invoices`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify(inv),
    });
  const budget = () => app.get(IntakeAdmissionHook).budget;
  const stored = async () => (await ds.query(`SELECT count(*)::int AS n FROM invoices`))[0].n as number;

  it('a request that does not fit beside a body being read waits, then gets 503 INTAKE_BUSY with Retry-After; nothing is stored', async () => {
    const before = await stored();
    const slow = slowUpload(HOLD);
    await waitFor(async () => budget().used === HOLD, 5000);
    const t0 = Date.now();
    const res = await post(sampleInvoice({ invoiceNumber: 'ADM-BUSY-1' }));
    expect(res.status).toBe(503);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700); // it waited its INTAKE_ADMISSION_WAIT_MS first
    expect(res.headers.get('retry-after')).toBe('1');
    const body = (await res.json()) as { error: { code: string; details: { path: string; expected: string }[] } };
    expect(body.error.code).toBe('INTAKE_BUSY');
    expect(body.error.details[0]).toMatchObject({
      path: 'headers.content-length',
      expected: expect.stringContaining('INTAKE_BYTES_IN_FLIGHT'),
    });
    expect(await stored()).toBe(before);
    slow.destroy();
    await waitFor(async () => budget().used === 0, 5000); // a client that went away gives its bytes back
    expect((await post(sampleInvoice({ invoiceNumber: 'ADM-BUSY-1' }))).status).toBe(202);
    expect(await stored()).toBe(before + 1);
  });

  it('a waiting request is admitted as soon as the bytes come back, within its wait', async () => {
    const slow = slowUpload(HOLD);
    await waitFor(async () => budget().used === HOLD, 5000);
    const pending = post(sampleInvoice({ invoiceNumber: 'ADM-WAIT-1' }));
    await waitFor(async () => budget().queued === 1, 5000);
    slow.destroy();
    expect((await pending).status).toBe(202);
    await waitFor(async () => budget().used === 0, 5000); // answered requests give their bytes back too
  });

  it('small requests share the budget: 20 at once are all accepted', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(sampleInvoice({ invoiceNumber: `ADM-SHARE-${i}` }))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    await waitFor(async () => budget().used === 0, 5000);
  });
});
