import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { createStaffUser, sampleInvoice, waitFor } from '@app/testing';
import { bootPipelineApi, PipelineApi } from './pipeline.fixtures';
import { WorkerModule } from '../apps/worker/src/worker.module';

/** A FI invoice at the old 24 % standard rate: blocked today, clean once an admin sets the FI rate table to 24 %. */
const atOldRate = () =>
  sampleInvoice({
    lines: [
      {
        id: '1',
        description: 'Laptop',
        quantity: '2',
        unitCode: 'C62',
        unitPrice: '500.00',
        netAmount: '1000.00',
        vatCategory: 'S',
        vatRate: '24',
      },
    ],
    vatBreakdown: [{ category: 'S', rate: '24', taxableAmount: '1000.00', taxAmount: '240.00' }],
    totals: {
      lineNetTotal: '1000.00',
      taxExclusive: '1000.00',
      taxTotal: '240.00',
      taxInclusive: '1240.00',
      payable: '1240.00',
    },
  });

describe('admin re-validation of open invoices after a settings change (HTTP, PostgreSQL, Redis)', () => {
  let api: PipelineApi;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let key: string;
  let admin: string;
  let manager: string;

  const token = async (role: 'admin' | 'manager') => {
    const u = await createStaffUser(ds, { role });
    return (
      await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: u.email, password: u.password } })
    ).json().accessToken as string;
  };
  const view = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/v1/invoices/${id}`, headers: { 'x-api-key': key } })).json();
  const settled = (id: string) =>
    waitFor(async () => {
      const v = await view(id);
      return ['ready', 'in_review'].includes(v.status) ? v : null;
    }, 20000);

  beforeAll(async () => {
    api = await bootPipelineApi('admin_revalidate');
    ({ app, ds, key } = api);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    admin = await token('admin');
    manager = await token('manager');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('only an admin starts a re-validation; bad filters are a 400 with the field', async () => {
    const asManager = await app.inject({
      method: 'POST',
      url: '/v1/admin/revalidate',
      headers: { authorization: `Bearer ${manager}` },
      payload: {},
    });
    expect(asManager.statusCode).toBe(403);
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/admin/revalidate',
      headers: { authorization: `Bearer ${admin}` },
      payload: { status: ['ready'], country: 'fi' },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/status/);
    expect(JSON.stringify(bad.json())).toMatch(/country/);
    const missing = await app.inject({
      method: 'GET',
      url: '/v1/admin/revalidate/revalidate-00000000-0000-0000-0000-000000000000',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('after a rate-table change an open invoice is reported newly clean, its exception closed and audited; an invoice at the current rate is reported newly blocked', async () => {
    const stale = await settled(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/invoices',
          headers: { 'x-api-key': key, 'content-type': 'application/json' },
          payload: atOldRate(),
        })
      ).json().id,
    );
    expect(stale.status).toBe('in_review');
    const blockingBefore = stale.findings
      .filter((f: { severity: string }) => f.severity === 'blocking')
      .map((f: { ruleId: string }) => f.ruleId);
    const other = await settled(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/invoices',
          headers: { 'x-api-key': key, 'content-type': 'application/json' },
          payload: sampleInvoice({ seller: { ...sampleInvoice().seller, vatId: 'FI02089089' } }),
        })
      ).json().id,
    );
    expect(other.status).toBe('in_review');
    const settingsBefore = stale.validation.settingsHash;

    await ds.query(`INSERT INTO rule_settings (key, valid_from, value) VALUES ('vatRates', '2000-01-01', $1::jsonb)`, [
      JSON.stringify({ FI: { standard: [{ validFrom: '2013-01-01', value: '24' }] } }),
    ]);
    // No cache invalidation here: the re-validation job reads the settings afresh itself.

    const started = await app.inject({
      method: 'POST',
      url: '/v1/admin/revalidate',
      headers: { authorization: `Bearer ${admin}` },
      payload: { country: 'FI', reason: 'FI rate table corrected' },
    });
    expect(started.statusCode).toBe(202);
    const { jobId } = started.json();
    const done = await waitFor(async () => {
      const r = (
        await app.inject({
          method: 'GET',
          url: `/v1/admin/revalidate/${jobId}`,
          headers: { authorization: `Bearer ${admin}` },
        })
      ).json();
      return r.state === 'completed' || r.state === 'failed' ? r : null;
    }, 30000);
    expect(done.state).toBe('completed');
    expect(done.progress).toEqual({ done: 2, total: 2 });
    // The other invoice (25.5 %, unknown seller) was blocked already; the changed table adds the rate rule to its reasons.
    expect(done.report).toMatchObject({
      matched: 2,
      newlyClean: [stale.id],
      newlyBlocked: [other.id],
      unchanged: [],
      failed: [],
      skipped: [],
    });
    expect(done.report.closedExceptions).toEqual(stale.exceptions.map((e: { id: string }) => e.id));

    const after = await view(stale.id);
    expect(after.status).toBe('ready');
    expect(after.validation.run).toBe(2);
    expect(after.validation.settingsHash).not.toBe(settingsBefore);
    expect(after.findings.filter((f: { severity: string }) => f.severity === 'blocking')).toEqual([]);
    expect(after.exceptions.every((e: { status: string }) => e.status === 'superseded')).toBe(true);
    const audit = await ds.query(
      `SELECT aggregate_type, action, actor_type, reason FROM audit_events WHERE aggregate_id = ANY($1::uuid[]) ORDER BY occurred_at, id`,
      [[stale.id, ...stale.exceptions.map((e: { id: string }) => e.id)]],
    );
    const actions = audit.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['revalidation_requested', 'validated_touchless', 'superseded']));
    expect(audit.find((a: { action: string }) => a.action === 'revalidation_requested')).toMatchObject({
      actor_type: 'staff',
      reason: 'FI rate table corrected',
    });
    expect(blockingBefore.length).toBeGreaterThan(0);
    const reblocked = await view(other.id);
    expect(reblocked.status).toBe('in_review');
    expect(reblocked.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('FI-VAT-RATE');
    expect(other.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('FI-VAT-RATE');
  });
});
