import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { JobProducer, jobIds, QueueName } from '@app/queueing';
import { createStaffUser, sampleInvoice, waitFor } from '@app/testing';
import { bootPipelineApi, PipelineApi } from './pipeline.fixtures';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { InvoiceReconciliationService } from '../apps/worker/src/maintenance/invoice-reconciliation.service';
import { TriageReconciliationService } from '../apps/worker/src/triage/triage-reconciliation.service';

/** Bounded attempts counted in PostgreSQL, a visible `failed` state, admin retry, a stuck pipeline that is seen. */
describe('pipeline: failures are bounded and visible (HTTP, PostgreSQL, Redis)', () => {
  let api: PipelineApi;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext | undefined;
  let ds: DataSource;
  let key: string;
  let admin: { id: string; auth: { authorization: string } };
  let manager: { auth: { authorization: string } };
  let reviewer: { auth: { authorization: string } };

  const post = (body: unknown) =>
    app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const statusOf = async (id: string) =>
    (await ds.query(`SELECT status FROM invoices WHERE id = $1`, [id]))[0]?.status as string;
  const metrics = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const sample = (text: string, name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const staffUser = async (role: 'admin' | 'manager' | 'reviewer') => {
    const u = await createStaffUser(ds, { role });
    const token = await app.get(JwtService).signAsync({ sub: u.id, email: u.email, name: u.email, role });
    return { id: u.id, auth: { authorization: `Bearer ${token}` } };
  };

  beforeAll(async () => {
    api = await bootPipelineApi('pipeline_failures', {
      env: {
        VALIDATION_MAX_ATTEMPTS: '2',
        ROUTING_MAX_ATTEMPTS: '2',
        PIPELINE_STALE_AFTER_SECONDS: '2',
        WORKER_HEARTBEAT_MS: '200',
        RECONCILE_STALE_SECONDS: '1',
      },
    });
    ({ app, ds, key } = api);
    admin = await staffUser('admin');
    manager = await staffUser('manager');
    reviewer = await staffUser('reviewer');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('turns /health/pipeline unhealthy while an invoice waits too long, with the age in Prometheus; a worker reports lag and its last job', async () => {
    const id = (await post(sampleInvoice())).json().id;
    await new Promise((r) => setTimeout(r, 2500)); // no worker running: the invoice waits
    const stuck = await app.inject({ method: 'GET', url: '/health/pipeline' });
    expect(stuck.statusCode).toBe(503);
    expect(stuck.json()).toMatchObject({ status: 'stalled', unvalidated: 1, staleAfterSeconds: 2 });
    expect(sample(await metrics(), 'triage_invoice_unvalidated_oldest_age_seconds')).toBeGreaterThanOrEqual(2);
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200); // the API itself still takes traffic

    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await waitFor(async () => (await statusOf(id)) === 'ready', 30000);
    expect((await app.inject({ method: 'GET', url: '/health/pipeline' })).statusCode).toBe(200);
    const text = await waitFor(
      async () => {
        const t = await metrics();
        return sample(t, 'triage_worker_last_job_completed_timestamp_seconds') > 0 ? t : null;
      },
      10000,
      200,
    );
    expect(sample(text, 'triage_worker_event_loop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'triage_worker_heartbeat_age_seconds')).toBeLessThan(5);
    expect(sample(text, 'triage_invoice_unvalidated_oldest_age_seconds')).toBe(0);
  });

  it('fails an invoice whose validation keeps failing after the attempts counted in PostgreSQL, visibly; reconciliation leaves it; an admin retries it', async () => {
    await ds.query(`CREATE FUNCTION simulated_outage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.status IN ('ready','in_review') AND NEW.invoice_number LIKE 'OUTAGE-%' THEN RAISE EXCEPTION 'simulated outage'; END IF; RETURN NEW; END $$`);
    await ds.query(
      `CREATE TRIGGER simulated_outage BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION simulated_outage()`,
    );
    const id = (await post(sampleInvoice({ invoiceNumber: 'OUTAGE-1' }))).json().id;
    await waitFor(async () => (await statusOf(id)) === 'failed', 30000);

    const [inv] = await ds.query(`SELECT attempts, validation_runs, last_error FROM invoices WHERE id = $1`, [id]);
    expect(inv).toMatchObject({
      attempts: 2,
      validation_runs: 1,
      last_error: expect.stringContaining('simulated outage'),
    });
    const audit = await ds.query(
      `SELECT action, to_state FROM audit_events WHERE aggregate_type = 'invoice' AND aggregate_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'received',
      'validation_started',
      'validation_failed',
    ]);
    const [item] = await ds.query(`SELECT id, queue_key, status FROM exceptions WHERE invoice_id = $1`, [id]);
    expect(item).toMatchObject({ queue_key: 'system.failed', status: 'open' });
    const staffView = (
      await app.inject({ method: 'GET', url: `/v1/admin/invoices/${id}`, headers: admin.auth })
    ).json();
    expect(staffView).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: expect.stringContaining('simulated outage'),
    });
    expect(staffView.findings).toEqual([
      expect.objectContaining({ ruleId: 'SYSTEM-FAILED', actual: expect.stringContaining('simulated outage') }),
    ]);

    // Reconciliation never picks a failed invoice up again.
    const reconciliation = worker!.get(InvoiceReconciliationService);
    for (let i = 0; i < 3; i++) await reconciliation.reconcile(0);
    expect(await statusOf(id)).toBe('failed');
    expect((await ds.query(`SELECT attempts FROM invoices WHERE id = $1`, [id]))[0].attempts).toBe(2);

    const text = await metrics();
    expect(sample(text, 'triage_invoices_failed')).toBe(1);
    expect(text).toMatch(/^triage_pipeline_failures_total\{stage="validation"\} 1$/m);
    const summary = (await app.inject({ method: 'GET', url: '/v1/metrics/summary', headers: manager.auth })).json();
    expect(summary.pipeline).toMatchObject({ failed: 1 });

    const retry = (auth: { authorization: string }, invoiceId = id) =>
      app.inject({
        method: 'POST',
        url: `/v1/admin/invoices/${invoiceId}/retry`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload: { reason: 'outage fixed' },
      });
    expect((await retry(reviewer.auth)).statusCode).toBe(403);
    await ds.query(`DROP TRIGGER simulated_outage ON invoices`);
    const res = await retry(admin.auth);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ id, status: 'received', run: 2 });
    await waitFor(async () => (await statusOf(id)) === 'ready', 30000);
    const [event] = await ds.query(
      `SELECT actor_type, actor_id, from_state, to_state, reason FROM audit_events WHERE aggregate_id = $1 AND action = 'retry_requested'`,
      [id],
    );
    expect(event).toEqual({
      actor_type: 'staff',
      actor_id: admin.id,
      from_state: 'failed',
      to_state: 'received',
      reason: 'outage fixed',
    });
    expect((await ds.query(`SELECT status FROM exceptions WHERE id = $1`, [item.id]))[0].status).toBe('superseded');
    const again = await retry(admin.auth);
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('INVALID_TRANSITION');
  });

  it('gives up on an invoice whose validation never finishes (the worker died each time) instead of re-running it forever', async () => {
    const id = (await post(sampleInvoice())).json().id;
    await waitFor(async () => (await statusOf(id)) === 'ready', 30000);
    // As a worker killed mid-validation leaves it: status validating, attempts counted, no verdict.
    const [stuck] = await ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, seller_vat_id, canonical, attempts, updated_at, next_attempt_at)
       SELECT integration_id, source, format, 'validating', invoice_number || '-killed', seller_vat_id, canonical, 2, now() - interval '1 hour', now() + interval '1 hour'
       FROM invoices WHERE id = $1 RETURNING id`,
      [id],
    );
    const reconciliation = worker!.get(InvoiceReconciliationService);
    const validate = app.get(JobProducer).queue(QueueName.InvoiceValidate);
    await reconciliation.reconcile(0);
    expect(await validate.getJob(jobIds.validate(stuck.id, 1))).toBeUndefined(); // backing off: its next attempt is not due
    await ds.query(`UPDATE invoices SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [stuck.id]);
    await reconciliation.reconcile(0);
    await waitFor(async () => (await statusOf(stuck.id)) === 'failed', 30000);
    const [failure] = await ds.query(`SELECT stage, attempts, error FROM pipeline_failures WHERE invoice_id = $1`, [
      stuck.id,
    ]);
    expect(failure).toEqual({
      stage: 'validation',
      attempts: 2,
      error: expect.stringContaining('the worker stopped during validation'),
    });
  });

  it('fails an invoice whose item keeps failing to route, stops re-routing it, and routes it again after the retry', async () => {
    await ds.query(`CREATE FUNCTION simulated_routing_outage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.route_key = 'supplier.unknown' AND NEW.sla_due_at IS NOT NULL AND OLD.sla_due_at IS NULL THEN RAISE EXCEPTION 'simulated routing outage'; END IF;
      RETURN NEW; END $$`);
    await ds.query(
      `CREATE TRIGGER simulated_routing_outage BEFORE UPDATE ON exceptions FOR EACH ROW EXECUTE FUNCTION simulated_routing_outage()`,
    );
    // A seller with a valid VAT id that is not on file: SUP-UNKNOWN sends an item to supplier.unknown.
    const id = (await post(sampleInvoice({ seller: { ...sampleInvoice().seller, vatId: 'FI12345671' } }))).json().id;
    await waitFor(async () => (await statusOf(id)) === 'failed', 30000);
    const [item] = await ds.query(
      `SELECT id, route_attempts, route_error, sla_due_at FROM exceptions WHERE invoice_id = $1 AND route_key = 'supplier.unknown'`,
      [id],
    );
    expect(item).toMatchObject({
      route_attempts: 2,
      route_error: expect.stringContaining('simulated routing outage'),
      sla_due_at: null,
    });
    const [failure] = await ds.query(`SELECT stage, error FROM pipeline_failures WHERE invoice_id = $1`, [id]);
    expect(failure).toEqual({ stage: 'routing', error: expect.stringContaining('simulated routing outage') });
    const [audit] = await ds.query(
      `SELECT from_state, to_state FROM audit_events WHERE aggregate_id = $1 AND action = 'routing_failed'`,
      [id],
    );
    expect(audit).toEqual({ from_state: 'in_review', to_state: 'failed' });

    // Triage reconciliation does not route it again while the invoice is failed.
    const triage = worker!.get(TriageReconciliationService);
    await triage.reconcile();
    await new Promise((r) => setTimeout(r, 500));
    expect((await ds.query(`SELECT route_attempts FROM exceptions WHERE id = $1`, [item.id]))[0].route_attempts).toBe(
      2,
    );

    await ds.query(`DROP TRIGGER simulated_routing_outage ON exceptions`);
    const res = await app.inject({
      method: 'POST',
      url: `/v1/admin/invoices/${id}/retry`,
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: {},
    });
    expect(res.statusCode).toBe(202);
    await waitFor(async () => (await statusOf(id)) === 'in_review', 30000);
    await triage.reconcile();
    await waitFor(
      async () => (await ds.query(`SELECT sla_due_at FROM exceptions WHERE id = $1`, [item.id]))[0].sla_due_at,
      15000,
    );
  });
});
