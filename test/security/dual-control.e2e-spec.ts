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
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';

type Method = 'GET' | 'POST' | 'PATCH';

/**
 * Changes that move money or weaken a control need two people: one manager requests, a different
 * manager or admin approves. Until then the old master data applies (a new IBAN is not on file).
 */
describe('dual control of money-moving changes (HTTP, worker, PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let apiKey: string;
  const who: Record<'m1' | 'm2' | 'admin' | 'reviewer', { id: string; auth: Record<string, string> }> = {} as never;

  const call = async (as: keyof typeof who, method: Method, url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: who[as].auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  const settled = async (inv: Record<string, unknown>) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': apiKey },
      payload: inv,
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    await waitFor(async () => {
      const [r] = await ds.query(`SELECT status FROM invoices WHERE id = $1`, [id]);
      return r && !['received', 'validating'].includes(r.status);
    });
    return (await app.inject({ method: 'GET', url: `/v1/invoices/${id}`, headers: { 'x-api-key': apiKey } })).json();
  };
  const blocking = (view: { findings: { ruleId: string; severity: string }[] }) =>
    view.findings
      .filter((f) => f.severity === 'blocking')
      .map((f) => f.ruleId)
      .sort();
  const NEW_IBAN = 'FI1410093000123458';
  const paying = (iban: string) => sampleInvoice({ seller: { ...sampleInvoice().seller, iban } });
  let supplierId: string;

  beforeAll(async () => {
    env = await createTestEnvironment('dualcontrol');
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    apiKey = (await createIntegration(ds)).apiKey;
    for (const [name, role] of [
      ['m1', 'manager'],
      ['m2', 'manager'],
      ['admin', 'admin'],
      ['reviewer', 'reviewer'],
    ] as const) {
      const u = await createStaffUser(ds, { role });
      const token = (
        await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: u.email, password: u.password } })
      ).json().accessToken;
      who[name] = { id: u.id, auth: { authorization: `Bearer ${token}` } };
    }
    const [s] = await ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code, payment_terms_days) VALUES ('Acme Oy', 'FI02089088', 'FI', 30) RETURNING id`,
    );
    await ds.query(`INSERT INTO supplier_bank_accounts (supplier_id, iban) VALUES ($1, 'FI2112345600000785')`, [s.id]);
    supplierId = s.id;
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.cleanup();
  });

  it('a bank account added by one manager is not on file until a different manager approves it', async () => {
    const patch = await call('m1', 'PATCH', `/v1/suppliers/${supplierId}`, {
      bankAccounts: ['FI21 1234 5600 0007 85', NEW_IBAN],
      reason: 'supplier letter of 2026-11-20',
    });
    expect(patch.status).toBe(200);
    expect(patch.body.bankAccounts).toEqual(['FI2112345600000785']);
    expect(patch.body.pendingChanges).toEqual([
      expect.objectContaining({
        kind: 'supplier.bank-accounts.add',
        status: 'pending',
        payload: { ibans: [NEW_IBAN] },
        requestedBy: who.m1.id,
      }),
    ]);
    const changeId = patch.body.pendingChanges[0].id;

    // The next invoice paying to the new account is held by the supplier rule, not ready.
    const held = await settled(paying(NEW_IBAN));
    expect(held.status).toBe('in_review');
    expect(blocking(held)).toEqual(['SUP-IBAN']);

    // The requester can never approve their own change; a reviewer cannot decide at all.
    const own = await call('m1', 'POST', `/v1/pending-changes/${changeId}/approve`, { reason: 'me' });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('SAME_PERSON');
    expect((await call('reviewer', 'POST', `/v1/pending-changes/${changeId}/approve`, {})).status).toBe(403);
    expect((await call('reviewer', 'GET', '/v1/pending-changes')).status).toBe(403);

    const list = await call('m2', 'GET', '/v1/pending-changes?status=pending');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(changeId);
    expect(list.body.items.find((c: { id: string }) => c.id === changeId)).toMatchObject({
      targetType: 'supplier',
      targetId: supplierId,
      reason: 'supplier letter of 2026-11-20',
    });

    const ok = await call('m2', 'POST', `/v1/pending-changes/${changeId}/approve`, {
      reason: 'called the supplier on the number on file',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: changeId, status: 'approved', decidedBy: who.m2.id, requestedBy: who.m1.id });
    expect((await call('m2', 'POST', `/v1/pending-changes/${changeId}/approve`, {})).status).toBe(409);
    expect((await call('m2', 'GET', `/v1/suppliers/${supplierId}`)).body.bankAccounts).toEqual([
      'FI1410093000123458',
      'FI2112345600000785',
    ]);

    const ready = await settled(paying(NEW_IBAN));
    expect(blocking(ready)).toEqual([]);
    expect(ready.status).toBe('ready');

    const trail = await ds.query(
      `SELECT aggregate_type, action, actor_id FROM audit_events WHERE aggregate_id IN ($1, $2) ORDER BY id`,
      [changeId, supplierId],
    );
    expect(trail).toEqual(
      expect.arrayContaining([
        { aggregate_type: 'pending_change', action: 'requested', actor_id: who.m1.id },
        { aggregate_type: 'pending_change', action: 'approved', actor_id: who.m2.id },
        { aggregate_type: 'supplier', action: 'bank_accounts_added', actor_id: who.m2.id },
      ]),
    );
  });

  it('a new supplier created with a bank account gets the account only after a second approval', async () => {
    const created = await call('m1', 'POST', '/v1/suppliers', {
      name: 'Stranger Oy',
      vatId: 'FI76414058',
      countryCode: 'FI',
      bankAccounts: ['EE382200221020145685'],
    });
    expect(created.status).toBe(201);
    expect(created.body.bankAccounts).toEqual([]);
    expect(created.body.pendingChanges).toEqual([
      expect.objectContaining({ kind: 'supplier.bank-accounts.add', payload: { ibans: ['EE382200221020145685'] } }),
    ]);
    const rejected = await call('admin', 'POST', `/v1/pending-changes/${created.body.pendingChanges[0].id}/reject`, {
      reason: 'the letter was not from the supplier',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decidedBy: who.admin.id,
      decisionReason: 'the letter was not from the supplier',
    });
    expect((await call('m2', 'GET', `/v1/suppliers/${created.body.id}`)).body.bankAccounts).toEqual([]);
    expect(
      (await call('m2', 'POST', `/v1/pending-changes/${created.body.pendingChanges[0].id}/reject`, {})).status,
    ).toBe(400);
  });

  it('unblocking a supplier needs a second person; blocking is immediate', async () => {
    const blocked = await call('m1', 'PATCH', `/v1/suppliers/${supplierId}`, {
      blocked: true,
      blockedReason: 'fraud suspicion',
    });
    expect(blocked.body).toMatchObject({ blocked: true, pendingChanges: [] });
    const unblock = await call('m1', 'PATCH', `/v1/suppliers/${supplierId}`, { blocked: false });
    expect(unblock.body.blocked).toBe(true);
    expect(unblock.body.pendingChanges).toEqual([expect.objectContaining({ kind: 'supplier.unblock' })]);
    expect(blocking(await settled(sampleInvoice()))).toContain('SUP-BLOCKED');
    await call('m2', 'POST', `/v1/pending-changes/${unblock.body.pendingChanges[0].id}/approve`, {});
    const after = await call('m1', 'GET', `/v1/suppliers/${supplierId}`);
    expect(after.body).toMatchObject({ blocked: false, blockedReason: null });
  });

  it('raising a tolerance needs a second person; lowering it is immediate', async () => {
    const up = await call('m1', 'PATCH', `/v1/suppliers/${supplierId}`, {
      priceTolerancePct: '15',
      quantityTolerancePct: '0',
      paymentTermsDays: 45,
    });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ priceTolerancePct: '2', quantityTolerancePct: '0', paymentTermsDays: 45 });
    expect(up.body.pendingChanges).toEqual([
      expect.objectContaining({ kind: 'supplier.tolerances', payload: { priceTolerancePct: '15' } }),
    ]);
    const down = await call('m1', 'PATCH', `/v1/suppliers/${supplierId}`, { priceTolerancePct: '1.5' });
    expect(down.body).toMatchObject({ priceTolerancePct: '1.5', pendingChanges: [] });
    await call('admin', 'POST', `/v1/pending-changes/${up.body.pendingChanges[0].id}/approve`, {});
    expect((await call('m1', 'GET', `/v1/suppliers/${supplierId}`)).body.priceTolerancePct).toBe('15');
  });

  it("switching a queue's four eyes off or raising its threshold needs a second person; tightening is immediate", async () => {
    const q = await call('admin', 'POST', '/v1/queues', {
      key: 'special.payments',
      name: 'Special payments',
      category: 'supplier',
      fourEyes: true,
      fourEyesAmountThreshold: '10000.00',
    });
    expect(q.status).toBe(201);
    expect(q.body).toMatchObject({ fourEyes: true, fourEyesAmountThreshold: '10000.00' });
    const off = await call('m1', 'PATCH', '/v1/queues/special.payments', {
      fourEyes: false,
      fourEyesAmountThreshold: null,
      slaMinutes: 120,
    });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ fourEyes: true, fourEyesAmountThreshold: '10000.00', slaMinutes: 120 });
    expect(off.body.pendingChanges).toEqual([
      expect.objectContaining({
        kind: 'queue.four-eyes',
        targetId: 'special.payments',
        payload: { fourEyes: false, fourEyesAmountThreshold: null },
      }),
    ]);
    const lower = await call('m1', 'PATCH', '/v1/queues/special.payments', { fourEyesAmountThreshold: '5000.00' });
    expect(lower.body).toMatchObject({ fourEyesAmountThreshold: '5000.00', pendingChanges: [] });
    expect((await call('m1', 'POST', `/v1/pending-changes/${off.body.pendingChanges[0].id}/approve`, {})).status).toBe(
      403,
    );
    await call('m2', 'POST', `/v1/pending-changes/${off.body.pendingChanges[0].id}/approve`, {});
    expect((await call('m1', 'GET', '/v1/queues/special.payments')).body).toMatchObject({
      fourEyes: false,
      fourEyesAmountThreshold: null,
    });
  });

  it('answers clear errors for unknown or malformed change ids', async () => {
    expect(
      (await call('m2', 'POST', '/v1/pending-changes/00000000-0000-0000-0000-000000000000/approve', {})).status,
    ).toBe(404);
    expect((await call('m2', 'POST', '/v1/pending-changes/not-a-uuid/approve', {})).status).toBe(404);
    expect((await call('m2', 'GET', '/v1/pending-changes?status=maybe')).status).toBe(400);
  });
});
