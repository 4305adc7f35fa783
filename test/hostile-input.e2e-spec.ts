import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  createIntegration,
  createStaffUser,
  createTestEnvironment,
  EN16931_DIR,
  sampleInvoice,
  TestEnvironment,
  waitFor,
} from '@app/testing';
import { defaultQueueSettings, ensureQueue } from '@app/triage';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

const UBL_FILE = readFileSync(join(EN16931_DIR, 'examples/ubl/Invoice-Min_content_with_VAT.xml'), 'utf8');
const CII_FILE = readFileSync(join(EN16931_DIR, 'examples/cii/CII_example3.xml'), 'utf8');
let serial = 0;
/** Each use gets its own invoice number, so no document is a duplicate of another. */
const fresh = (doc: string, number: string) => doc.replace(`>${number}<`, `>${number}-${++serial}<`);
const UBL_NUMBER = '2018-112';
let UBL = '';
let CII = '';
const FINAL = ['ready', 'in_review', 'rejected', 'returned_to_supplier', 'duplicate', 'failed'];

const LIMITS = { INTAKE_MAX_LINES: '20', INTAKE_MAX_ALLOWANCES_PER_LINE: '3', INTAKE_MAX_XML_ATTRIBUTES: '200' };

interface ContractError {
  error: { code: string; message: string; details: { path: string; issue: string; expected?: string }[] };
}

/** Bad input of every kind is a 4xx in the error contract; values the rules judge are accepted and judged. */
describe('hostile input (HTTP, PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let key: string;
  let admin: Record<string, string>;
  let reviewerId: string;
  let adminId: string;

  const inject = (
    method: 'POST' | 'PATCH' | 'GET',
    url: string,
    payload?: string,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
  const postInvoice = (body: string, contentType = 'application/json') =>
    inject('POST', '/v1/invoices', body, { 'x-api-key': key, 'content-type': contentType });
  const statusOf = async (id: string) => (await ds.query(`SELECT status FROM invoices WHERE id = $1`, [id]))[0]?.status;
  const finalStatus = (id: string) =>
    waitFor(async () => {
      const s = await statusOf(id);
      return FINAL.includes(s) ? s : null;
    }, 20000);
  const rulesOf = async (id: string): Promise<string[]> =>
    (await ds.query(`SELECT DISTINCT rule_id FROM findings WHERE invoice_id = $1`, [id])).map(
      (r: { rule_id: string }) => r.rule_id,
    );

  function expectContract(
    res: { statusCode: number; json(): unknown },
    status: number,
    code: string,
    path?: string,
  ): ContractError {
    expect(res.statusCode).toBe(status);
    const body = res.json() as ContractError;
    expect(body.error.code).toBe(code);
    if (path !== undefined) expect(body.error.details.map((d) => d.path)).toContain(path);
    for (const d of body.error.details) expect(typeof d.issue).toBe('string');
    return body;
  }

  beforeEach(() => {
    UBL = fresh(UBL_FILE, UBL_NUMBER);
    CII = fresh(CII_FILE, 'TOSL108');
  });

  beforeAll(async () => {
    env = await createTestEnvironment('hostile');
    Object.assign(process.env, LIMITS);
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    key = (await createIntegration(ds, 'erp')).apiKey;
    const a = await createStaffUser(ds, {
      role: 'admin',
      reviewer: {
        capacity: 1000,
        countries: ['FI', 'SE', 'DK'],
        categories: ['regulatory', 'data-quality', 'supplier'],
      },
    });
    adminId = a.id;
    await ds.query(
      `UPDATE reviewers SET working_hours = '{"days":[1,2,3,4,5,6,7],"start":"00:00","end":"24:00"}' WHERE id = $1`,
      [a.id],
    );
    admin = {
      authorization: `Bearer ${await app.get(JwtService).signAsync({ sub: a.id, email: a.email, name: a.email, role: 'admin' })}`,
    };
    reviewerId = (await createStaffUser(ds, { role: 'reviewer' })).id;
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.cleanup();
    for (const k of Object.keys(LIMITS)) delete process.env[k];
  });

  describe('JSON nested 5,000 levels deep', () => {
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    it('is refused with 400 on intake', async () => {
      const body = expectContract(await postInvoice(deep), 400, 'JSON_TOO_DEEP', '$');
      expect(body.error.details[0].expected).toMatch(/at most \d+ levels/);
    });
    it('is refused with 400 on the unauthenticated login', async () => {
      expectContract(await inject('POST', '/v1/auth/login', deep), 400, 'JSON_TOO_DEEP');
    });
  });

  describe('values the rules judge are accepted (202), not refused by the database', () => {
    it('UBL with currency EURO gets BR-CL-04', async () => {
      const res = await postInvoice(UBL.replace(/SEK/g, 'EURO'), 'application/xml');
      expect(res.statusCode).toBe(202);
      const id = res.json().id;
      expect(await finalStatus(id)).toBe('in_review');
      expect(await rulesOf(id)).toContain('BR-CL-04');
      const [row] = await ds.query(`SELECT currency FROM invoices WHERE id = $1`, [id]);
      expect(row.currency).toBe('EURO');
    });
    it('UBL with buyer country FIN gets BR-CL-14', async () => {
      const doc = UBL.replace(/(AccountingCustomerParty>[\s\S]*?<cbc:IdentificationCode>)SE/, '$1FIN');
      const res = await postInvoice(doc, 'application/xml');
      expect(res.statusCode).toBe(202);
      const id = res.json().id;
      expect(await finalStatus(id)).toBe('in_review');
      expect(await rulesOf(id)).toContain('BR-CL-14');
    });
    it('CII with currency EURO and seller country FIN is accepted', async () => {
      const res = await postInvoice(
        CII.replace(/DKK/g, 'EURO').replace('<ram:CountryID>DK</ram:CountryID>', '<ram:CountryID>FIN</ram:CountryID>'),
        'application/xml',
      );
      expect(res.statusCode).toBe(202);
      const id = res.json().id;
      expect(await finalStatus(id)).toBe('in_review');
      expect(await rulesOf(id)).toEqual(expect.arrayContaining(['BR-CL-04', 'BR-CL-14']));
    });
  });

  describe('absurd lengths are a 400 with path and expected maximum, JSON and XML alike', () => {
    const huge = 'X'.repeat(3 * 1024 * 1024);
    it('an invoice number of megabytes in UBL', async () => {
      const body = expectContract(
        await postInvoice(UBL.replace(/<cbc:ID>2018-112-\d+<\/cbc:ID>/, `<cbc:ID>${huge}</cbc:ID>`), 'application/xml'),
        400,
        'VALIDATION_FAILED',
        'invoiceNumber',
      );
      expect(body.error.details.find((d) => d.path === 'invoiceNumber')?.expected).toMatch(/at most 100 characters/);
    });
    it('an invoice number of megabytes in JSON', async () => {
      const body = expectContract(
        await postInvoice(JSON.stringify(sampleInvoice({ invoiceNumber: huge }))),
        400,
        'VALIDATION_FAILED',
        'invoiceNumber',
      );
      expect(body.error.details.find((d) => d.path === 'invoiceNumber')?.expected).toMatch(/100/);
    });
    it('a currency code of 500 characters in CII', async () => {
      expectContract(
        await postInvoice(CII.replace(/DKK/g, 'D'.repeat(500)), 'application/xml'),
        400,
        'VALIDATION_FAILED',
        'currency',
      );
    });
  });

  describe('NUL characters', () => {
    it('in a JSON invoice: 400 with the field path', async () => {
      const inv = sampleInvoice();
      inv.seller.name = 'Acme\u0000Oy';
      expectContract(await postInvoice(JSON.stringify(inv)), 400, 'VALIDATION_FAILED', 'seller.name');
    });
    it('as &#0; in XML: 400 with the element path, in any element (mapped to the invoice or not)', async () => {
      expectContract(
        await postInvoice(
          UBL.replace(/<cbc:ID>2018-112-\d+<\/cbc:ID>/, '<cbc:ID>2018&#0;112</cbc:ID>'),
          'application/xml',
        ),
        400,
        'XML_MALFORMED',
        '/Invoice/ID',
      );
      const unmapped = CII.replace('<ram:TypeCode>VAT</ram:TypeCode>', '<ram:TypeCode>V&#0;T</ram:TypeCode>');
      expect(unmapped).not.toBe(CII);
      const body = expectContract(await postInvoice(unmapped, 'application/xml'), 400, 'XML_MALFORMED');
      expect(body.error.details[0].path).toMatch(/\/TypeCode$/);
    });
    it('as a raw byte in XML: 400', async () => {
      const res = await postInvoice(UBL.replace('As per contract', 'As per\u0000contract'), 'application/xml');
      expect(res.statusCode).toBe(400);
      expect((res.json() as ContractError).error.code).toMatch(/^XML_/);
    });
    it('in one batch item fails only that item', async () => {
      const bad = sampleInvoice();
      bad.lines[0].description = 'Lap\u0000top';
      const good = sampleInvoice();
      const res = await inject('POST', '/v1/invoices/batch', JSON.stringify({ invoices: [bad, good] }), {
        'x-api-key': key,
      });
      expect(res.statusCode).toBe(200);
      const { results } = res.json();
      expect(results[0].error.code).toBe('VALIDATION_FAILED');
      expect(results[0].error.details.map((d: { path: string }) => d.path)).toContain(
        'invoices[0].lines[0].description',
      );
      expect(results[1]).toMatchObject({ index: 1, status: 'received' });
    });
    it('in a comment and in a correction: 400 with the field path', async () => {
      const inv = sampleInvoice({ currency: 'EUR' });
      const accepted = await postInvoice(JSON.stringify({ ...inv, totals: { ...inv.totals, payable: '1.00' } }));
      expect(accepted.statusCode).toBe(202);
      const id = accepted.json().id;
      expect(await finalStatus(id)).toBe('in_review');
      const [ex] = await ds.query(`SELECT id FROM exceptions WHERE invoice_id = $1 LIMIT 1`, [id]);
      expectContract(
        await inject('POST', `/v1/exceptions/${ex.id}/comment`, JSON.stringify({ text: 'a\u0000b' }), admin),
        400,
        'VALIDATION_FAILED',
        'text',
      );
      const correction = {
        decision: 'correct',
        reason: 'fix',
        corrections: [{ fieldPath: 'seller.name', value: 'A\u0000' }],
      };
      expectContract(
        await inject('POST', `/v1/exceptions/${ex.id}/resolve`, JSON.stringify(correction), admin),
        400,
        'VALIDATION_FAILED',
        'corrections[0].value',
      );
    });
  });

  it('a correction to currency EURO or country FIN is stored and judged by the rules, not a 500', async () => {
    const inv = sampleInvoice();
    const accepted = await postInvoice(JSON.stringify({ ...inv, totals: { ...inv.totals, payable: '1.00' } }));
    const id = accepted.json().id;
    expect(await finalStatus(id)).toBe('in_review');
    // The admin is the only eligible reviewer: let the assignment step hand the item over (a claim racing it can deadlock).
    const ex = await waitFor(
      async () =>
        (
          await ds.query(
            `SELECT id FROM exceptions WHERE invoice_id = $1 AND status = 'assigned' AND assignee_id = $2 LIMIT 1`,
            [id, adminId],
          )
        )[0],
      20000,
    );
    const correction = {
      decision: 'correct',
      reason: 'fix',
      corrections: [
        { fieldPath: 'currency', value: 'EURO' },
        { fieldPath: 'buyer.countryCode', value: 'FIN' },
      ],
    };
    const res = await inject('POST', `/v1/exceptions/${ex.id}/resolve`, JSON.stringify(correction), admin);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.statusCode).toBe(200);
    await waitFor(async () => (await rulesOf(id)).includes('BR-CL-04'), 20000);
  });

  it('an array where an object is expected, inside a list of nested objects: 400, not a crash', async () => {
    expectContract(
      await postInvoice(JSON.stringify(sampleInvoice({ lines: [[]] }))),
      400,
      'VALIDATION_FAILED',
      'lines',
    );
    const [integration] = await ds.query(`SELECT id FROM integrations LIMIT 1`);
    const [inv] = await ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, canonical, validation_runs)
      VALUES ($1,'api','json','in_review','ARR-1','EUR','{"invoiceNumber":"ARR-1","lines":[{"id":"1"}]}',1) RETURNING id`,
      [integration.id],
    );
    await ensureQueue(ds, defaultQueueSettings('data.FI'));
    const [ex] = await ds.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, status, assignee_id, claimed_at)
      VALUES ($1,'data.FI','data.FI','data-quality','FI','assigned',$2, now()) RETURNING id`,
      [inv.id, adminId],
    );
    const body = JSON.stringify({
      decision: 'correct',
      reason: 'fixed',
      corrections: [[], { fieldPath: 'currency', value: 'EUR' }],
    });
    expectContract(
      await inject('POST', `/v1/exceptions/${ex.id}/resolve`, body, admin),
      400,
      'VALIDATION_FAILED',
      'corrections',
    );
  });

  it('own keys named constructor, __proto__ or prototype: 400 with their path, on a single invoice and a batch item', async () => {
    const inv = sampleInvoice() as unknown as Record<string, Record<string, unknown>>;
    const body = JSON.stringify(inv).replace('"vatId":', '"vatId":{"constructor":"x"},"x-vat":');
    expectContract(await postInvoice(body), 400, 'VALIDATION_FAILED', 'seller.vatId.constructor');
    const res = await inject(
      'POST',
      '/v1/invoices/batch',
      `{"invoices":[{"constructor":"x",${JSON.stringify(sampleInvoice()).slice(1)},{"constructor":"x"},${JSON.stringify(sampleInvoice())}]}`,
      { 'x-api-key': key },
    );
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    // The batch envelope's reader drops a top-level `constructor` key of an item: the rest of the item is judged as usual.
    expect(results[0]).toMatchObject({ index: 0, status: 'received' });
    expect(results[1].error.code).toBe('VALIDATION_FAILED');
    expect(results[2]).toMatchObject({ index: 2, status: 'received' });
  });

  it('XML nested deeper than the parser allows: 400', async () => {
    const deep = UBL.replace(
      '<cbc:BuyerReference>ACE22</cbc:BuyerReference>',
      `${'<x>'.repeat(2000)}${'</x>'.repeat(2000)}`,
    );
    const body = expectContract(await postInvoice(deep, 'application/xml'), 400, 'XML_TOO_DEEP');
    expect(body.error.details[0].expected).toMatch(/at most \d+ levels/);
  });

  describe('null for a non-null field on PATCH', () => {
    it('reviewers: 400', async () => {
      for (const field of ['capacity', 'availability', 'timeZone', 'name', 'countries', 'workingHours', 'weeklyGoal']) {
        expectContract(
          await inject('PATCH', `/v1/reviewers/${reviewerId}`, JSON.stringify({ [field]: null }), admin),
          400,
          'VALIDATION_FAILED',
          field,
        );
      }
    });
    it('queues: 400 (country and the four-eyes threshold may be cleared)', async () => {
      await ensureQueue(ds, defaultQueueSettings('vat.FI'));
      for (const field of [
        'name',
        'slaMinutes',
        'warnAtShare',
        'calendar',
        'timeZone',
        'requiredCountries',
        'priorityRule',
        'fourEyes',
        'claimTimeoutMinutes',
        'hourlyCost',
      ]) {
        expectContract(
          await inject('PATCH', '/v1/queues/vat.FI', JSON.stringify({ [field]: null }), admin),
          400,
          'VALIDATION_FAILED',
          field,
        );
      }
      expect(
        (
          await inject(
            'PATCH',
            '/v1/queues/vat.FI',
            JSON.stringify({ country: null, fourEyesAmountThreshold: null }),
            admin,
          )
        ).statusCode,
      ).toBe(200);
    });
  });

  it('GET /v1/metrics/summary for today with a country filter answers 200', async () => {
    const from = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z').toISOString();
    const res = await inject(
      'GET',
      `/v1/metrics/summary?from=${encodeURIComponent(from)}&country=FI`,
      undefined,
      admin,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().filters.country).toBe('FI');
  });

  describe('intake limits answer 413 in the error contract', () => {
    const line = (i: number, allowances = 0) => ({
      id: String(i),
      quantity: '1',
      unitPrice: '1.00',
      netAmount: '1.00',
      vatCategory: 'S',
      vatRate: '25.5',
      ...(allowances
        ? { allowanceCharges: Array.from({ length: allowances }, () => ({ chargeIndicator: false, amount: '0.01' })) }
        : {}),
    });
    it('more lines than INTAKE_MAX_LINES', async () => {
      const body = expectContract(
        await postInvoice(JSON.stringify(sampleInvoice({ lines: Array.from({ length: 21 }, (_, i) => line(i)) }))),
        413,
        'INTAKE_LIMIT_EXCEEDED',
        'lines',
      );
      expect(body.error.details[0].expected).toBe('at most 20 lines');
    });
    it('more allowances on a line than INTAKE_MAX_ALLOWANCES_PER_LINE', async () => {
      expectContract(
        await postInvoice(JSON.stringify(sampleInvoice({ lines: [line(1), line(2, 4)] }))),
        413,
        'INTAKE_LIMIT_EXCEEDED',
        'lines[1].allowanceCharges',
      );
    });
    it('in a batch, only the item over the limit fails', async () => {
      const res = await inject(
        'POST',
        '/v1/invoices/batch',
        JSON.stringify({
          invoices: [sampleInvoice({ lines: Array.from({ length: 21 }, (_, i) => line(i)) }), sampleInvoice()],
        }),
        { 'x-api-key': key },
      );
      expect(res.statusCode).toBe(200);
      const { results } = res.json();
      expect(results[0].error).toMatchObject({
        code: 'INTAKE_LIMIT_EXCEEDED',
        details: [expect.objectContaining({ path: 'invoices[0].lines' })],
      });
      expect(results[1].status).toBe('received');
    });
    it('an XML document with more attributes than INTAKE_MAX_XML_ATTRIBUTES', async () => {
      const attrs = Array.from({ length: 300 }, (_, i) => `a${i}="1"`).join(' ');
      const body = expectContract(
        await postInvoice(UBL.replace('<cbc:BuyerReference>', `<cbc:BuyerReference ${attrs}>`), 'application/xml'),
        413,
        'XML_TOO_MANY_NODES',
        '$',
      );
      expect(body.error.details[0].expected).toBe('at most 200 attributes');
    });
  });
});
