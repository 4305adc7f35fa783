import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { createDecisionCases, DecisionCases } from './decision-context.fixtures';

/** GET /v1/exceptions/{id}/context over invoices that went through the real rules. */
describe('decision context of an exception (HTTP, worker, PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let token: string;
  let cases: DecisionCases;
  const context = async (id: string, bearer = token) => {
    const res = await app.inject({
      method: 'GET',
      url: `/v1/exceptions/${id}/context`,
      headers: { authorization: `Bearer ${bearer}` },
    });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    env = await createTestEnvironment('exception-context');
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    const apiKey = (await createIntegration(ds, 'erp')).apiKey;
    const manager = await createStaffUser(ds, { role: 'manager', name: 'Maija Manager' });
    token = (
      await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: manager.email, password: manager.password },
      })
    ).json().accessToken;
    cases = await createDecisionCases(app, ds, apiKey, token);
  }, 90_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.cleanup();
  });

  it('PO price variance: invoice line beside PO line and goods received, variance against the tolerance', async () => {
    const { status, body } = await context(cases.po);
    expect(status).toBe(200);
    expect(body.kind).toBe('purchase-order');
    expect(body.purchaseOrder).toMatchObject({
      found: true,
      number: 'PO-CTX-1',
      match: '3-way',
      tolerance: { pricePct: '2', quantityPct: '0' },
    });
    expect(body.purchaseOrder.lines[0]).toMatchObject({
      invoiceLine: { quantity: '2', unitPrice: '500.00' },
      poLine: { lineNumber: '1', quantity: '2', unitPrice: '450.00' },
      receivedQuantity: '2',
      priceVariancePct: '11.11',
      priceWithinTolerance: false,
      quantityVariance: '0',
      quantityWithinTolerance: true,
      matchedBy: 'order line reference',
    });
    expect(body.purchaseOrder.receipts).toEqual([
      expect.objectContaining({ reference: 'GR-1', poLineNumber: '1', quantity: '2' }),
    ]);
    const marked = body.document.lines
      .filter((l: { highlight: boolean }) => l.highlight)
      .map((l: { text: string }) => l.text.trim());
    expect(marked).toEqual(['"unitPrice": "500.00",']);
  });

  it('near duplicate: the earlier invoice side by side with the differing fields', async () => {
    const { body } = await context(cases.duplicate);
    expect(body.kind).toBe('duplicate');
    expect(body.duplicate.earlier).toMatchObject({ id: cases.earlierInvoiceId, invoiceNumber: 'ACME-20001' });
    expect(body.duplicate.differences).toEqual(['invoiceNumber', 'issueDate']);
    expect(body.duplicate.fields.find((f: { path: string }) => f.path === 'totals.payable')).toEqual({
      path: 'totals.payable',
      current: '1004.00',
      earlier: '1004.00',
      differs: false,
    });
  });

  it('bank account: the supplier record, the accounts on file and their audited changes with names', async () => {
    const { body } = await context(cases.bank);
    expect(body.kind).toBe('bank-account');
    expect(body.supplier).toMatchObject({
      known: true,
      invoiceIban: 'FI4250001510000023',
      ibanOnFile: false,
      record: { name: 'Acme Oy', vatId: 'FI02089088' },
    });
    expect(body.supplier.accounts.map((a: { iban: string }) => a.iban)).toEqual(['FI2112345600000785']);
    const changes = body.supplier.history.filter(
      (h: { accountsAdded: string[]; accountsRemoved: string[] }) => h.accountsAdded.length || h.accountsRemoved.length,
    );
    expect(
      changes.map((h: { accountsAdded: string[]; accountsRemoved: string[]; actorName: string; reason: string }) => [
        h.accountsAdded,
        h.accountsRemoved,
        h.actorName,
        h.reason,
      ]),
    ).toEqual([
      [[], ['FI5810171000000122'], 'Maija Manager', 'account FI58 closed'],
      // Requested by Maija Manager, on file once a second manager approved it (dual control).
      [['FI5810171000000122'], [], 'Anna Approver', 'second account announced by letter'],
      [['FI2112345600000785'], [], 'Anna Approver', null],
    ]);
  });

  it('VAT: the breakdown and totals recomputed from the lines, the wrong total marked', async () => {
    const { body } = await context(cases.vat);
    expect(body.vat.vat).toEqual([
      {
        category: 'S',
        rate: '25.5',
        taxable: '1000.00',
        tax: '255.00',
        declaredTaxable: '1000.00',
        declaredTax: '255.00',
        differs: false,
      },
    ]);
    expect(body.vat.totals.find((t: { key: string }) => t.key === 'taxTotal')).toEqual({
      key: 'taxTotal',
      declared: '250.00',
      computed: '255.00',
      differs: true,
    });
    expect(body.vat.totals.filter((t: { differs: boolean }) => t.differs).map((t: { key: string }) => t.key)).toEqual([
      'taxTotal',
    ]);
  });

  it('XML: the original document pretty-printed, the offending element marked', async () => {
    const { body } = await context(cases.xml);
    expect(body.document.format).toBe('ubl');
    expect(body.document.lines.length).toBeGreaterThan(40);
    const marked = body.document.lines
      .filter((l: { highlight: boolean }) => l.highlight)
      .map((l: { text: string }) => l.text.trim());
    expect(marked.length).toBeGreaterThan(0);
    expect(body.document.notLocated).toEqual([]);
    const [f] = await ds.query(`SELECT field_path FROM findings WHERE exception_id = $1 ORDER BY field_path LIMIT 1`, [
      cases.xml,
    ]);
    expect(f.field_path).toBeTruthy();
  });

  it('answers 404 for an item the reviewer may not see', async () => {
    const other = await createStaffUser(ds, {
      role: 'reviewer',
      reviewer: { countries: ['SE'], categories: ['regulatory'] },
    });
    const t = (
      await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: other.email, password: other.password },
      })
    ).json().accessToken;
    expect((await context(cases.bank, t)).status).toBe(404);
    expect((await context('not-a-uuid')).status).toBe(404);
  });
});
