import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  createIntegration,
  createTestEnvironment,
  EN16931_DIR,
  sampleInvoice,
  TestEnvironment,
  waitFor,
} from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

const FINAL = ['ready', 'in_review', 'rejected', 'returned_to_supplier', 'duplicate', 'failed'];

/** Invoices that used to stop moving: unknown buyer countries, missing numbers, another integration's copy. */
describe('pipeline: every accepted invoice is validated and routed (HTTP, PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let key: string;
  let otherKey: string;

  const post = (body: unknown, apiKey = key, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': apiKey, 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (url: string, apiKey = key) => app.inject({ method: 'GET', url, headers: { 'x-api-key': apiKey } });
  const finalView = async (id: string, apiKey = key) =>
    waitFor(async () => {
      const v = (await get(`/v1/invoices/${id}`, apiKey)).json();
      return FINAL.includes(v.status) ? v : null;
    }, 20000);

  beforeAll(async () => {
    env = await createTestEnvironment('pipeline_routing');
    process.env.RECONCILE_STALE_SECONDS = '1';
    process.env.RECONCILE_EVERY_SECONDS = '1';
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    key = (await createIntegration(ds, 'erp')).apiKey;
    otherKey = (await createIntegration(ds, 'other erp')).apiKey;
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.cleanup();
    delete process.env.RECONCILE_STALE_SECONDS;
    delete process.env.RECONCILE_EVERY_SECONDS;
  });

  it.each(['SW', 'DN'])(
    'routes an invoice whose buyer country %s is not an ISO code to the XX desk with complete queue defaults',
    async (cc) => {
      const inv = sampleInvoice({
        buyer: {
          name: 'Somewhere AB',
          vatId: `${cc}123456789`,
          countryCode: cc,
          address: { line1: 'Gatan 1', city: 'Town', postalCode: '11111', countryCode: cc },
        },
      });
      const res = await post(inv);
      expect(res.statusCode).toBe(202);
      const view = await finalView(res.json().id);
      expect(view.status).toBe('in_review');
      expect(view.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('BR-CL-14');
      const queues = view.exceptions.map((e: { queueKey: string }) => e.queueKey);
      expect(queues).toContain('vat.XX');
      expect(queues.every((q: string) => !q.endsWith(`.${cc}`))).toBe(true);
      const [q] = await ds.query(`SELECT time_zone, calendar FROM review_queues WHERE key = 'vat.XX'`);
      expect(q.time_zone).toEqual(expect.any(String));
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM review_queues WHERE key LIKE $1`, [`%.${cc}`]);
      expect(n).toBe(0);
    },
  );

  it('keeps a queue an admin configured for a route key outside the ten countries', async () => {
    await ds.query(
      `INSERT INTO review_queues (key, name, category, country, time_zone) VALUES ('vat.SW', 'VAT SW (admin)', 'regulatory', NULL, 'UTC')`,
    );
    const res = await post(sampleInvoice({ buyer: { name: 'Somewhere AB', vatId: 'SW999', countryCode: 'SW' } }));
    const view = await finalView(res.json().id);
    expect(view.exceptions.map((e: { queueKey: string }) => e.queueKey)).toContain('vat.SW');
    await ds.query(`UPDATE exceptions SET queue_key = 'vat.XX' WHERE queue_key = 'vat.SW'`);
    await ds.query(`DELETE FROM review_queues WHERE key = 'vat.SW'`);
  });

  it('validates invoices without a number (BR-02) instead of storing them as duplicates of each other', async () => {
    const xml = readFileSync(join(EN16931_DIR, 'examples', 'ubl', 'BIS3_Invoice_positive.xml'), 'utf8');
    const numberless = xml.replace(/<cbc:ID>12345<\/cbc:ID>/, '');
    expect(numberless).not.toBe(xml);
    const first = await post(numberless, key, 'application/xml');
    const second = await post(numberless, key, 'application/xml');
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(second.json().status).toBe('received');
    expect(second.json().duplicateOf).toBeUndefined();
    for (const id of [first.json().id, second.json().id]) {
      const view = await finalView(id);
      expect(view.status).toBe('in_review');
      expect(view.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('BR-02');
    }
  });

  it("never answers another integration's invoice id as duplicateOf, nor skips validation because of its copy", async () => {
    const inv = sampleInvoice();
    const theirs = await post(inv, otherKey);
    expect(theirs.json().status).toBe('received');
    const mine = await post(inv);
    expect(mine.statusCode).toBe(202);
    expect(mine.json()).toEqual({ id: expect.any(String), status: 'received', receivedAt: expect.any(String) });
    expect(JSON.stringify(mine.json())).not.toContain(theirs.json().id);
    const view = await finalView(mine.json().id);
    expect(view.duplicateOf).toBeNull();
    expect(view.validationRuns).toBe(1);
    // The same seller and number from two channels is a question for a reviewer, not a silent drop.
    expect(view.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('DUP-EXACT');
    // Within one integration a resend is still an exact duplicate.
    const again = await post(inv);
    expect(again.json()).toMatchObject({ status: 'duplicate', duplicateOf: mine.json().id });
  });
});
