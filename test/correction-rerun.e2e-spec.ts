import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  createIntegration,
  createStaffUser,
  createTestEnvironment,
  registerSampleSupplier,
  sampleInvoice,
  TestEnvironment,
  waitFor,
} from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

/** A correction that does not fix the invoice: the re-check reopens the item, and it stays with the reviewer who corrected it. */
describe('correction re-run (HTTP, worker, PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let apiKey: string;
  let reviewer: { id: string; token: string };

  beforeAll(async () => {
    env = await createTestEnvironment('correction-rerun');
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    apiKey = (await createIntegration(ds)).apiKey;
    await registerSampleSupplier(ds);
    // Off duty: nothing is pushed to them; they pull their work.
    const u = await createStaffUser(ds, {
      role: 'reviewer',
      reviewer: { countries: ['FI'], categories: ['regulatory', 'data-quality', 'supplier'], availability: 'off' },
    });
    reviewer = {
      id: u.id,
      token: (
        await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: u.email, password: u.password } })
      ).json().accessToken,
    };
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.cleanup();
  });

  const as = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${reviewer.token}` },
      ...(payload ? { payload: payload as object } : {}),
    });

  it('keeps the reopened item with the reviewer and shows the new findings', async () => {
    const inv = sampleInvoice();
    inv.totals.taxTotal = '250.00';
    const res = await app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': apiKey },
      payload: inv,
    });
    const invoiceId = res.json().id;
    const ex = await waitFor(
      async () => (await ds.query(`SELECT id FROM exceptions WHERE invoice_id = $1`, [invoiceId]))[0],
      20000,
    );
    expect((await as('POST', `/v1/exceptions/${ex.id}/claim`)).statusCode).toBe(200);
    // A wrong correction: the VAT total is still not the sum of the breakdown.
    const out = await as('POST', `/v1/exceptions/${ex.id}/resolve`, {
      decision: 'correct',
      reason: 'typo',
      corrections: [{ fieldPath: 'totals.taxTotal', value: '252.00' }],
    });
    expect(out.statusCode).toBe(200);
    expect(out.json().revalidationRun).toBe(2);
    await waitFor(
      async () =>
        (await ds.query(`SELECT validation_runs FROM invoices WHERE id = $1`, [invoiceId]))[0].validation_runs === 2 &&
        (await ds.query(`SELECT status FROM exceptions WHERE id = $1`, [ex.id]))[0].status !== 'resolved',
      20000,
    );
    await new Promise((r) => setTimeout(r, 300)); // let routing of the reopened item run
    const [row] = await ds.query(`SELECT status, assignee_id, sla_due_at FROM exceptions WHERE id = $1`, [ex.id]);
    expect(row).toMatchObject({ status: 'assigned', assignee_id: reviewer.id });
    expect(row.sla_due_at).not.toBeNull();
    const detail = (await as('GET', `/v1/exceptions/${ex.id}`)).json();
    expect(detail.exception.status).toBe('assigned');
    expect(
      detail.findings
        .filter((f: { severity: string }) => f.severity === 'blocking')
        .map((f: { actual: string }) => f.actual),
    ).toContain('252.00');
    const kept = detail.history
      .filter((h: { action: string }) => ['reopened', 'assigned'].includes(h.action))
      .map((h: { action: string; data: { mode?: string } }) => [h.action, h.data?.mode ?? null]);
    expect(kept).toEqual([
      ['reopened', null],
      ['assigned', 'kept'],
    ]);
    // The reviewer's work list holds it again.
    expect((await as('GET', '/v1/me/work')).json().items.map((i: { id: string }) => i.id)).toContain(ex.id);
  }, 60_000);
});
