import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { InvoiceListItem, InvoiceView } from '@app/contracts';
import {
  contractKeys,
  createIntegration,
  createTestEnvironment,
  EN16931_DIR,
  keysOf,
  registerSampleSupplier,
  sampleInvoice,
  TestEnvironment,
  waitFor,
} from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { InvoiceReconciliationService } from '../apps/worker/src/maintenance/invoice-reconciliation.service';
import { IntakeService } from '../apps/api/src/modules/intake/intake.service';

const EXAMPLES = join(EN16931_DIR, 'examples');
const INVOICE_VIEW = contractKeys<InvoiceView>()(
  'id',
  'status',
  'format',
  'source',
  'documentKind',
  'invoiceNumber',
  'issueDate',
  'dueDate',
  'currency',
  'seller',
  'buyer',
  'supplierId',
  'purchaseOrderReference',
  'payable',
  'duplicateOf',
  'receivedAt',
  'validatedAt',
  'finalizedAt',
  'validationRuns',
  'validation',
  'invoice',
  'lang',
  'supplierMessage',
  'findings',
  'exceptions',
  'findingsSuppressed',
  'findingsTotal',
  'attempts',
  'lastError',
);
const INVOICE_LIST_ITEM = contractKeys<InvoiceListItem>()(
  'id',
  'status',
  'format',
  'invoiceNumber',
  'sellerName',
  'sellerVatId',
  'buyerCountry',
  'currency',
  'payable',
  'receivedAt',
);

describe('invoice intake (HTTP, PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let key: string;
  let otherKey: string;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key, 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (url: string, apiKey = key) => app.inject({ method: 'GET', url, headers: { 'x-api-key': apiKey } });
  const statusOf = async (id: string) => (await ds.query(`SELECT status FROM invoices WHERE id = $1`, [id]))[0]?.status;

  beforeAll(async () => {
    env = await createTestEnvironment('intake');
    process.env.BODY_LIMIT_BYTES = String(5 * 1024 * 1024);
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    key = (await createIntegration(ds, 'erp')).apiKey;
    otherKey = (await createIntegration(ds, 'other')).apiKey;
    await registerSampleSupplier(ds);
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.cleanup();
  });

  it('accepts a canonical JSON invoice with 202 and validates it to ready (touchless)', async () => {
    const res = await post(sampleInvoice());
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toEqual({ id: expect.any(String), status: 'received', receivedAt: expect.any(String) });
    const final = await waitFor(async () => {
      const s = await statusOf(body.id);
      return s === 'ready' || s === 'in_review' ? s : null;
    });
    const view = (await get(`/v1/invoices/${body.id}`)).json();
    expect(view.findings.filter((f: { severity: string }) => f.severity === 'blocking')).toEqual([]);
    // The HTTP contract's keys; pipeline attempts and errors are for staff, not for the integration.
    expect(keysOf(view)).toEqual(INVOICE_VIEW.filter((k) => k !== 'attempts' && k !== 'lastError'));
    expect(final).toBe('ready');
    const audit = await ds.query(
      `SELECT action, from_state, to_state, actor_type FROM audit_events WHERE aggregate_id = $1 ORDER BY id`,
      [body.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'received',
      'validation_started',
      'validated_touchless',
    ]);
    expect(audit[0].actor_type).toBe('integration');
  });

  it('stores money as exact decimals (no binary float rounding)', async () => {
    const inv = sampleInvoice({
      lines: [{ id: '1', quantity: '3', unitPrice: '0.10', netAmount: '0.30', vatCategory: 'S', vatRate: '25.5' }],
      vatBreakdown: [{ category: 'S', rate: '25.5', taxableAmount: '0.30', taxAmount: '0.08' }],
      totals: { lineNetTotal: '0.30', taxExclusive: '0.30', taxTotal: '0.08', taxInclusive: '0.38', payable: '0.38' },
    });
    const res = await post(inv);
    expect(res.statusCode).toBe(202);
    const [row] = await ds.query(
      `SELECT payable::text AS p, (SELECT unit_price::text FROM invoice_lines WHERE invoice_id = $1) AS u FROM invoices WHERE id = $1`,
      [res.json().id],
    );
    expect(row).toEqual({ p: '0.38', u: '0.10' });
  });

  it('replays the first answer for the same Idempotency-Key and body, storing nothing twice', async () => {
    const inv = sampleInvoice();
    const first = await post(inv, { 'idempotency-key': 'k-replay-1' });
    const again = await post({ ...inv }, { 'idempotency-key': 'k-replay-1' });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM invoices WHERE invoice_number = $1`, [
      inv.invoiceNumber,
    ]);
    expect(n).toBe(1);
  });

  it('answers 409 when an Idempotency-Key is reused with a different body', async () => {
    await post(sampleInvoice(), { 'idempotency-key': 'k-reuse-1' });
    const res = await post(sampleInvoice(), { 'idempotency-key': 'k-reuse-1' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('handles concurrent retries of one Idempotency-Key as one invoice', async () => {
    const inv = sampleInvoice();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(inv, { 'idempotency-key': 'k-race-1' })));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM invoices WHERE invoice_number = $1`, [
      inv.invoiceNumber,
    ]);
    expect(n).toBe(1);
  });

  it('stores a second invoice with the same seller VAT id and number as duplicate, pointing at the first', async () => {
    const inv = sampleInvoice();
    const first = (await post(inv)).json();
    const second = await post({ ...inv, issueDate: '2026-11-03' });
    expect(second.statusCode).toBe(202);
    expect(second.json()).toMatchObject({ status: 'duplicate', duplicateOf: first.id });
    const view = (await get(`/v1/invoices/${second.json().id}`)).json();
    expect(view).toMatchObject({ status: 'duplicate', duplicateOf: first.id });
  });

  const badBodies: [string, (b: Record<string, any>) => unknown, string][] = [
    [
      'missing invoice number',
      (b) => {
        delete b.invoiceNumber;
        return b;
      },
      'invoiceNumber',
    ],
    ['bad issue date', (b) => ({ ...b, issueDate: '2026-13-45' }), 'issueDate'],
    ['bad currency', (b) => ({ ...b, currency: 'euro' }), 'currency'],
    [
      'money as float with too many decimals',
      (b) => {
        b.lines[0].unitPrice = 0.1234567;
        return b;
      },
      'lines[0].unitPrice',
    ],
    [
      'money as text',
      (b) => {
        b.totals.payable = 'lots';
        return b;
      },
      'totals.payable',
    ],
    ['unknown field', (b) => ({ ...b, discountCode: 'X' }), 'discountCode'],
    [
      'unknown nested field',
      (b) => {
        b.seller.nickname = 'acme';
        return b;
      },
      'seller.nickname',
    ],
    ['no lines', (b) => ({ ...b, lines: [] }), 'lines'],
    [
      'bad VAT category on line 1',
      (b) => {
        b.lines[0].vatCategory = 'X';
        return b;
      },
      'lines[0].vatCategory',
    ],
    [
      'bad seller country',
      (b) => {
        b.seller.countryCode = 'Finland';
        return b;
      },
      'seller.countryCode',
    ],
    [
      'missing buyer',
      (b) => {
        delete b.buyer;
        return b;
      },
      'buyer',
    ],
    ['bad type code', (b) => ({ ...b, typeCode: 'invoice' }), 'typeCode'],
    ['lines not an array', (b) => ({ ...b, lines: { id: '1' } }), 'lines'],
    [
      'bad IBAN',
      (b) => {
        b.seller.iban = 'not-an-iban';
        return b;
      },
      'seller.iban',
    ],
  ];
  it.each(badBodies)('rejects a body with %s: 400 with the field path', async (_name, mutate, path) => {
    const res = await post(mutate(sampleInvoice()));
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(err.details.find((d: { path: string }) => d.path === path)).toHaveProperty('expected');
  });

  it('rejects malformed JSON, non-object bodies and unsupported media types without a 5xx', async () => {
    const malformed = await post('{"invoiceNumber": ');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBeDefined();
    const arr = await post('[1,2]');
    expect(arr.statusCode).toBe(400);
    const text = await post('hello', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 401 without or with a wrong API key', async () => {
    const none = await app.inject({ method: 'POST', url: '/v1/invoices', payload: sampleInvoice() });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
    const wrong = await app.inject({ method: 'GET', url: '/v1/invoices', headers: { 'x-api-key': 'itk_nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_API_KEY');
  });

  it('answers 413 for a body over the limit', async () => {
    const huge = sampleInvoice({ notes: ['x'.repeat(6 * 1024 * 1024)] });
    const res = await post(huge);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it("never shows one integration another integration's invoice (404)", async () => {
    const mine = (await post(sampleInvoice())).json();
    const other = await get(`/v1/invoices/${mine.id}`, otherKey);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('NOT_FOUND');
    const list = (await get('/v1/invoices?limit=200', otherKey)).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(mine.id);
  });

  it('loses nothing when the process dies between commit and enqueue: reconciliation picks it up', async () => {
    const intake = app.get(IntakeService);
    const checked = await intake.validateJson(sampleInvoice());
    if (!checked.ok) throw checked.error;
    // Commit without the enqueue that normally follows, as a crash right after COMMIT would leave it.
    const store = (intake as unknown as { store: { transaction: Function; insert: Function } }).store;
    const [integration] = await ds.query(`SELECT id FROM integrations WHERE name = 'erp'`);
    const stored = await store.transaction((em: unknown) => store.insert(em, integration.id, 'api', checked.doc));
    await new Promise((r) => setTimeout(r, 300));
    expect(await statusOf(stored.id)).toBe('received');
    // No outbox record: the invoice, received, is itself the record of the validation it is owed.
    expect(await ds.query(`SELECT id FROM outbox WHERE aggregate_id = $1`, [stored.id])).toEqual([]);
    const outcome = await worker.get(InvoiceReconciliationService).reconcile(0);
    expect(outcome.requeued).toBeGreaterThanOrEqual(1);
    expect(
      await waitFor(async () => {
        const s = await statusOf(stored.id);
        return s === 'ready' ? s : null;
      }),
    ).toBe('ready');
  });

  it('re-enqueues an invoice stuck in validating after its job was lost', async () => {
    const id = (await post(sampleInvoice())).json().id;
    await waitFor(async () => (await statusOf(id)) === 'ready');
    // Simulate a lost job: put the invoice back to validating with no job in Redis.
    await ds.query(
      `UPDATE invoices SET status = 'validating', validation_runs = 0, updated_at = now() - interval '1 hour' WHERE id = $1`,
      [id],
    );
    await ds.query(`DELETE FROM findings WHERE invoice_id = $1`, [id]);
    const outcome = await worker.get(InvoiceReconciliationService).reconcile(0);
    expect(outcome.requeued).toBeGreaterThanOrEqual(1);
    expect(
      await waitFor(async () => {
        const s = await statusOf(id);
        return s === 'ready' ? s : null;
      }),
    ).toBe('ready');
  });

  it('lists invoices newest first with cursor pagination and filters', async () => {
    for (let i = 0; i < 3; i++)
      await post(sampleInvoice({ buyer: { name: 'Our entity EE', vatId: 'EE100931558', countryCode: 'EE' } }));
    const page1 = (await get('/v1/invoices?country=EE&limit=2')).json();
    expect(page1.items).toHaveLength(2);
    expect(keysOf(page1)).toEqual(['items', 'nextCursor']);
    expect(keysOf(page1.items[0])).toEqual(INVOICE_LIST_ITEM);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await get(`/v1/invoices?country=EE&limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.length).toBeGreaterThanOrEqual(1);
    const ids = [...page1.items, ...page2.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await get('/v1/invoices?cursor=garbage')).statusCode).toBe(400);
    expect((await get('/v1/invoices?limit=0')).statusCode).toBe(400);
  });

  it('accepts a batch, refusing bad items on their own with indexed paths', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/invoices/batch',
      headers: { 'x-api-key': key },
      payload: { invoices: [sampleInvoice(), { ...sampleInvoice(), currency: 'xx' }, sampleInvoice()] },
    });
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    expect(results.map((r: { status?: string }) => r.status)).toEqual(['received', undefined, 'received']);
    expect(results[1].error.details[0].path).toBe('invoices[1].currency');
  });

  it('refuses a batch over BATCH_MAX_INVOICES whole, with 413 and the path, storing none of it', async () => {
    const before = (await ds.query(`SELECT count(*)::int AS n FROM invoices`))[0].n;
    const invoices = Array.from({ length: 1001 }, (_, i) => sampleInvoice({ invoiceNumber: `BATCH-MAX-${i}` }));
    const res = await app.inject({
      method: 'POST',
      url: '/v1/invoices/batch',
      headers: { 'x-api-key': key },
      payload: { invoices },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'INTAKE_LIMIT_EXCEEDED',
      details: [{ path: 'invoices', expected: 'at most 1000 invoices', actual: '1001' }],
    });
    expect((await ds.query(`SELECT count(*)::int AS n FROM invoices`))[0].n).toBe(before);
  });

  it('accepts UBL and CII XML documents and keeps the raw document', async () => {
    const ubl = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'), 'utf8');
    const r1 = await app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key, 'content-type': 'application/xml' },
      payload: ubl,
    });
    expect(r1.statusCode).toBe(202);
    const cii = readFileSync(join(EXAMPLES, 'cii', 'CII_example1.xml'), 'utf8');
    const r2 = await app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key, 'content-type': 'application/xml' },
      payload: cii,
    });
    expect(r2.statusCode).toBe(202);
    const rows = await ds.query(
      `SELECT format, length(raw_document) > 100 AS raw, invoice_number FROM invoices WHERE id = ANY($1::uuid[]) ORDER BY format DESC`,
      [[r1.json().id, r2.json().id]],
    );
    expect(rows.map((r: { format: string; raw: boolean }) => [r.format, r.raw])).toEqual([
      ['ubl', true],
      ['cii', true],
    ]);
  });

  it('answers 400 with a stable code for malformed XML and entity tricks', async () => {
    const send = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/invoices',
        headers: { 'x-api-key': key, 'content-type': 'application/xml' },
        payload,
      });
    const malformed = await send('<Invoice><cbc:ID>1</Invoice>');
    expect(malformed.statusCode).toBe(400);
    const xxe = await send(
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Invoice>&e;</Invoice>',
    );
    expect(xxe.statusCode).toBe(400);
    expect(xxe.json().error.code).toBe('XML_FORBIDDEN_DTD');
    const other = await send('<?xml version="1.0"?><Order xmlns="urn:x"><ID>1</ID></Order>');
    expect(other.statusCode).toBe(400);
  });

  it('serves health and the OpenAPI document', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
    const doc = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining(['/v1/invoices', '/v1/invoices/{id}', '/v1/invoices/batch']),
    );
  });

  it('a readiness check leaves no timer running once it has answered', async () => {
    // Each check raced Redis's answer against a 2-second timer that stayed after the answer: a probe every
    // few seconds kept timers alive, and a process ending on its own could wait up to 2 s for them. (CI's
    // "A worker process has failed to exit gracefully" was not this timer but jest seeing the exits late:
    // see workerGracefulExitTimeout in jest.config.js.)
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    for (let i = 0; i < 5; i++)
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    expect(timers() - before).toBeLessThan(2);
  });
});
