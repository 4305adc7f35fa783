import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  createIntegration,
  createStaffUser,
  createTestEnvironment,
  sampleInvoice,
  TestEnvironment,
  waitFor,
} from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

/** Master data + rules + validation worker together: the verdicts a reviewer would see. */
describe('rules in the pipeline (HTTP, worker, PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let apiKey: string;
  let token: string;

  const asManager = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
  const intake = async (inv: Record<string, unknown>) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': apiKey },
      payload: inv,
    });
    expect(res.statusCode).toBe(202);
    return res.json().id as string;
  };
  const settled = async (id: string) => {
    await waitFor(async () => {
      const [r] = await ds.query(`SELECT status FROM invoices WHERE id = $1`, [id]);
      return r && !['received', 'validating'].includes(r.status);
    });
    return (await app.inject({ method: 'GET', url: `/v1/invoices/${id}`, headers: { 'x-api-key': apiKey } })).json();
  };
  const blockingRules = (view: { findings: { ruleId: string; severity: string }[] }) =>
    view.findings
      .filter((f) => f.severity === 'blocking')
      .map((f) => f.ruleId)
      .sort();

  beforeAll(async () => {
    env = await createTestEnvironment('rulespipe');
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    apiKey = (await createIntegration(ds)).apiKey;
    const manager = await createStaffUser(ds, { role: 'manager' });
    token = (
      await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: manager.email, password: manager.password },
      })
    ).json().accessToken;
    const acme = await asManager('POST', '/v1/suppliers', {
      name: 'Acme Oy',
      vatId: 'FI02089088',
      countryCode: 'FI',
      bankAccounts: ['FI21 1234 5600 0007 85'],
      paymentTermsDays: 30,
    });
    expect(acme.statusCode).toBe(201);
    // A bank account is on file only once a second manager approves it (dual control).
    expect(acme.json().pendingChanges).toEqual([
      expect.objectContaining({ kind: 'supplier.bank-accounts.add', payload: { ibans: ['FI2112345600000785'] } }),
    ]);
    const second = await createStaffUser(ds, { role: 'manager' });
    const secondToken = (
      await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: second.email, password: second.password },
      })
    ).json().accessToken;
    const approved = await app.inject({
      method: 'POST',
      url: `/v1/pending-changes/${acme.json().pendingChanges[0].id}/approve`,
      headers: { authorization: `Bearer ${secondToken}` },
      payload: {},
    });
    expect(approved.statusCode).toBe(200);
    expect((await asManager('GET', `/v1/suppliers/${acme.json().id}`)).json().bankAccounts).toEqual([
      'FI2112345600000785',
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.cleanup();
  });

  it('lists every rule once with id, category, severity, scope and description', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/rules' });
    expect(res.statusCode).toBe(200);
    const { items, count } = res.json();
    expect(count).toBe(items.length);
    const ids = items.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'BR-01',
        'BR-CO-10',
        'BR-CO-15',
        'BR-S-08',
        'BR-AE-10',
        'EE-VAT-RATE',
        'FI-VAT-ID',
        'NO-R-001',
        'SUP-IBAN',
        'PO-PRICE',
        'DUP-NEAR',
      ]),
    );
    for (const r of items) {
      expect(['regulatory', 'supplier', 'data-quality']).toContain(r.category);
      expect(['blocking', 'warning']).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(5);
    }
    const ee = (await app.inject({ method: 'GET', url: '/v1/rules?country=EE&category=regulatory' })).json().items;
    expect(ee.map((r: { id: string }) => r.id)).toContain('EE-VAT-RATE');
    expect(ee.map((r: { id: string }) => r.id)).not.toContain('FI-VAT-RATE');
  });

  it('refuses a supplier bank account that is not a valid IBAN, naming the field', async () => {
    const res = await asManager('POST', '/v1/suppliers', {
      name: 'Bad Bank Oy',
      vatId: 'FI76414058',
      countryCode: 'FI',
      bankAccounts: ['FI2112345600000786'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_IBAN', details: [{ path: 'bankAccounts[0]' }] });
  });

  it('passes a clean invoice from a known supplier untouched', async () => {
    const view = await settled(await intake(sampleInvoice()));
    expect(blockingRules(view)).toEqual([]);
    expect(view.status).toBe('ready');
    expect(view.exceptions).toEqual([]);
  });

  it('holds an invoice paying into a bank account not on file: supplier.bank-account exception', async () => {
    const view = await settled(
      await intake(sampleInvoice({ seller: { ...sampleInvoice().seller, iban: 'FI1410093000123458' } })),
    );
    expect(view.status).toBe('in_review');
    expect(blockingRules(view)).toEqual(['SUP-IBAN']);
    const finding = view.findings.find((f: { ruleId: string }) => f.ruleId === 'SUP-IBAN');
    expect(finding).toMatchObject({
      fieldPath: 'seller.iban',
      routeKey: 'supplier.bank-account',
      category: 'supplier',
    });
    expect(finding.hint).toEqual(expect.any(String));
    expect(view.exceptions.map((e: { routeKey: string }) => e.routeKey)).toEqual(['supplier.bank-account']);
  });

  it('routes an unknown supplier to supplier.unknown', async () => {
    const inv = sampleInvoice();
    const view = await settled(
      await intake({ ...inv, seller: { ...inv.seller, name: 'Stranger Oy', vatId: 'FI76414058' } }),
    );
    expect(blockingRules(view)).toContain('SUP-UNKNOWN');
    expect(view.exceptions.map((e: { routeKey: string }) => e.routeKey)).toContain('supplier.unknown');
  });

  it('matches against the purchase order: price above tolerance goes to po.price-variance', async () => {
    const [s] = await ds.query(`SELECT id FROM suppliers WHERE vat_id = 'FI02089088'`);
    const po = await asManager('POST', '/v1/purchase-orders', {
      number: 'PO-778',
      supplierId: s.id,
      currency: 'EUR',
      lines: [{ lineNumber: '1', description: 'Laptop', quantity: '2', unitPrice: '450.00' }],
    });
    expect(po.statusCode).toBe(201);
    const gr = await asManager('POST', '/v1/goods-receipts', {
      purchaseOrderNumber: 'PO-778',
      lines: [{ poLineNumber: '1', quantityReceived: '2' }],
    });
    expect(gr.statusCode).toBe(201);
    const inv = sampleInvoice({ purchaseOrderReference: 'PO-778' });
    inv.lines[0].poLineReference = '1';
    const view = await settled(await intake(inv));
    expect(blockingRules(view)).toEqual(['PO-PRICE']);
    expect(view.exceptions.map((e: { routeKey: string }) => e.routeKey)).toEqual(['po.price-variance']);
  });

  it('applies the VAT rate valid on the issue date (EE 22% → 24% on 2025-07-01)', async () => {
    const [s] = await ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code, payment_terms_days) VALUES ('Tallinna Tarne OÜ','EE100931558','EE',14) RETURNING id`,
    );
    await ds.query(`INSERT INTO supplier_bank_accounts (supplier_id, iban) VALUES ($1,'EE382200221020145685')`, [s.id]);
    const ee = (issueDate: string, rate: string, tax: string, total: string) =>
      sampleInvoice({
        issueDate,
        dueDate: '2025-08-15',
        currency: 'EUR',
        seller: {
          name: 'Tallinna Tarne OÜ',
          vatId: 'EE100931558',
          countryCode: 'EE',
          iban: 'EE382200221020145685',
          address: { line1: 'Narva mnt 5', city: 'Tallinn', postalCode: '10117', countryCode: 'EE' },
        },
        buyer: {
          name: 'Nordbalt Group Eesti OÜ',
          vatId: 'EE100247019',
          countryCode: 'EE',
          address: { line1: 'Pärnu mnt 1', city: 'Tallinn', postalCode: '10148', countryCode: 'EE' },
        },
        lines: [
          {
            id: '1',
            description: 'Pallets',
            quantity: '10',
            unitCode: 'C62',
            unitPrice: '10.00',
            netAmount: '100.00',
            vatCategory: 'S',
            vatRate: rate,
          },
        ],
        vatBreakdown: [{ category: 'S', rate, taxableAmount: '100.00', taxAmount: tax }],
        totals: { lineNetTotal: '100.00', taxExclusive: '100.00', taxTotal: tax, taxInclusive: total, payable: total },
      });
    const before = await settled(await intake(ee('2025-06-30', '22', '22.00', '122.00')));
    const after = await settled(await intake(ee('2025-07-01', '22', '22.00', '122.00')));
    const afterRight = await settled(await intake(ee('2025-07-01', '24', '24.00', '124.00')));
    expect(blockingRules(before)).toEqual([]);
    expect(blockingRules(after)).toContain('EE-VAT-RATE');
    expect(after.exceptions.map((e: { routeKey: string }) => e.routeKey)).toContain('vat.EE');
    expect(blockingRules(afterRight)).toEqual([]);
  });
});
