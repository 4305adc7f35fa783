import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createIntegration, sampleInvoice, waitFor } from '@app/testing';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { fatalFailures } from '../apps/api/src/modules/invoice-response/invoice-response.check';
import { bootTriage, post, staff, TriageHarness } from './triage.fixtures';

/**
 * The Peppol Invoice Response of invoices that went through the real pipeline (intake, rules, review): its
 * status and clarifications follow the decision, the reviewer's reason code and the findings, and the XML
 * passes the Invoice Response rules.
 */
describe('Peppol Invoice Response (PostgreSQL, Redis, worker)', () => {
  let h: TriageHarness;
  let worker: INestApplicationContext;
  let key: string;
  let reviewer: Awaited<ReturnType<typeof staff>>;
  const OTHER_IBAN = 'FI4950009420028730';

  beforeAll(async () => {
    h = await bootTriage('invoice-response', { worker: false });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    key = (await createIntegration(h.ds, 'responses')).apiKey;
    const [s] = await h.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code, payment_terms_days, language) VALUES ('Acme Oy','FI02089088','FI',30,'fi') RETURNING id`,
    );
    await h.ds.query(`INSERT INTO supplier_bank_accounts (supplier_id, iban) VALUES ($1,'FI2112345600000785')`, [s.id]);
    reviewer = await staff(h, {
      categories: ['supplier', 'regulatory', 'data-quality'],
      countries: ['FI'],
      availability: 'off',
    });
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  const intake = async (overrides: Record<string, unknown> = {}) => {
    const res = await h.api.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key },
      payload: sampleInvoice(overrides),
    });
    expect(res.statusCode).toBe(202);
    return res.json().id as string;
  };
  const statusOf = async (id: string, want: string) =>
    waitFor(async () => {
      const [r] = await h.ds.query(`SELECT status FROM invoices WHERE id = $1`, [id]);
      return r?.status === want;
    }, 20_000);
  const response = async (id: string, accept = 'application/json', apiKey = key) =>
    h.api.inject({ method: 'GET', url: `/v1/invoices/${id}/response`, headers: { 'x-api-key': apiKey, accept } });
  const decide = async (invoiceId: string, body: Record<string, unknown>) => {
    const [e] = await waitFor(async () => {
      const rows = await h.ds.query(`SELECT id FROM exceptions WHERE invoice_id = $1 AND status = 'open'`, [invoiceId]);
      return rows.length ? rows : null;
    }, 20_000);
    expect((await post(h, `/v1/exceptions/${e.id}/claim`, reviewer)).status).toBe(200);
    const res = await post(h, `/v1/exceptions/${e.id}/resolve`, reviewer, body);
    expect(res.status).toBe(200);
  };
  const xmlOf = async (id: string) => {
    const res = await response(id, 'application/xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(fatalFailures(res.body)).toEqual([]);
    return res.body;
  };

  it('a touchless invoice is accepted (AP): parties addressed by their VAT ids, the invoice referenced', async () => {
    const id = await intake();
    await statusOf(id, 'ready');
    const view = (await response(id)).json();
    expect(view).toMatchObject({
      invoiceId: id,
      responseCode: 'AP',
      sender: { name: 'Our entity FI', endpoint: { schemeId: '0213', id: 'FI12345671' } },
      receiver: { name: 'Acme Oy', endpoint: { schemeId: '0213', id: 'FI02089088' } },
      documentReference: { issueDate: '2026-11-02', typeCode: '380' },
      statuses: [],
      validation: { valid: true, failures: [] },
    });
    expect(view.id).toMatch(new RegExp(`^IR-${id}-\\d+$`));
    const xml = await xmlOf(id);
    expect(xml).toContain('<cbc:ResponseCode>AP</cbc:ResponseCode>');
    expect(xml).toContain(`<cbc:ID>${view.documentReference.id}</cbc:ID>`);
    expect((await response(id)).json().id).toBe(view.id); // same facts, same response
  });

  it('a rejection (RE) names the reason from the findings (FIN for a bank account), the field and a new invoice', async () => {
    const id = await intake({ seller: { ...sampleInvoice().seller, iban: OTHER_IBAN } });
    await statusOf(id, 'in_review');
    expect((await response(id)).json()).toMatchObject({ responseCode: 'IP', statuses: [] });
    await decide(id, { decision: 'reject', reason: 'bank account not confirmed by the supplier' });
    await statusOf(id, 'rejected');
    const view = (await response(id)).json();
    expect(view.responseCode).toBe('RE');
    expect(view.language).toBe('fi'); // the supplier's language in master data
    const [english] = await h.ds.query(`SELECT message FROM findings WHERE invoice_id = $1 AND severity = 'blocking'`, [
      id,
    ]);
    expect(view.statuses[0].reason).not.toContain(english.message);
    expect(view.statuses).toEqual([
      expect.objectContaining({
        listId: 'OPStatusReason',
        code: 'FIN',
        reason: expect.stringMatching(/^SUP-/),
        conditions: expect.arrayContaining([expect.objectContaining({ attributeId: 'BT-84' })]),
      }),
      { listId: 'OPStatusAction', code: 'NIN' },
    ]);
    const xml = await xmlOf(id);
    expect(xml).toMatch(/<cbc:StatusReasonCode listID="OPStatusReason">FIN<\/cbc:StatusReasonCode>/);
    expect(xml).toMatch(/<cbc:StatusReasonCode listID="OPStatusAction">NIN<\/cbc:StatusReasonCode>/);
    expect(xml).not.toContain('bank account not confirmed'); // the reviewer's own words stay inside
  });

  it("a return to the supplier is under query (UQ); the reviewer's reason code gives reason and action", async () => {
    const id = await intake({ seller: { ...sampleInvoice().seller, iban: OTHER_IBAN } });
    await statusOf(id, 'in_review');
    await decide(id, { decision: 'return_to_supplier', reason: 'ask for the PO', reasonCode: 'missing-po' });
    await statusOf(id, 'returned_to_supplier');
    const view = (await response(id)).json();
    expect(view).toMatchObject({ responseCode: 'UQ', validation: { valid: true } });
    expect(view.statuses.map((s: { listId: string; code: string }) => `${s.listId}:${s.code}`)).toEqual([
      'OPStatusReason:REF',
      'OPStatusAction:PIN',
    ]);
    await xmlOf(id);
  });

  it('an invoice a reviewer corrected is conditionally accepted (CA) with the corrected term', async () => {
    // A seller VAT id on no supplier (SUP-UNKNOWN), corrected by the reviewer to the supplier on file.
    const id = await intake({ seller: { ...sampleInvoice().seller, vatId: 'FI23456780' } });
    await statusOf(id, 'in_review');
    await decide(id, {
      decision: 'correct',
      reason: 'typing error in the VAT id',
      corrections: [{ fieldPath: 'seller.vatId', value: 'FI02089088' }],
    });
    await statusOf(id, 'ready');
    const view = (await response(id)).json();
    expect(view.responseCode).toBe('CA');
    expect(view.statuses).toEqual([
      expect.objectContaining({
        listId: 'OPStatusReason',
        code: 'UNR',
        reason: expect.stringContaining('SUP-UNKNOWN'),
        conditions: [expect.objectContaining({ attributeId: 'BT-31' })],
      }),
      { listId: 'OPStatusAction', code: 'NOA' },
    ]);
    await xmlOf(id);
  });

  it('an unknown invoice, or one of another integration, is 404 NOT_FOUND', async () => {
    const id = await intake();
    const other = (await createIntegration(h.ds, 'other')).apiKey;
    for (const res of [await response(id, 'application/json', other), await response('not-a-uuid')]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });
});
