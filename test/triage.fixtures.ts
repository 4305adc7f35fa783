import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfigModule } from '@app/config';
import { PersistenceModule, recordAudit, SYSTEM } from '@app/persistence';
import { JobProducer, QueueingModule, QueueName, jobIds } from '@app/queueing';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { defaultQueueSettings, ensureQueue, triageClock } from '@app/triage';
import { createApiApp } from '../apps/api/src/bootstrap';
import { TriageWorkerModule } from '../apps/worker/src/triage/triage-worker.module';

/** The triage part of the worker alone (validation needs the rule engine, which these tests do not exercise). */
@Module({ imports: [AppConfigModule, PersistenceModule, QueueingModule, TriageWorkerModule] })
class TriageWorkerHostModule {}

/** Wednesday 2026-11-25 11:00 in Tallinn: inside everyone's working hours. */
export const WEDNESDAY_MORNING = '2026-11-25T09:00:00Z';
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };

export interface TriageHarness {
  env: TestEnvironment;
  api: NestFastifyApplication;
  worker: INestApplicationContext;
  ds: DataSource;
  integrationId: string;
  close(): Promise<void>;
}

export async function bootTriage(name: string, opts: { worker?: boolean } = {}): Promise<TriageHarness> {
  const env = await createTestEnvironment(name);
  process.env.RECONCILE_EVERY_SECONDS = '3600'; // tests call reconciliation themselves
  triageClock.set(WEDNESDAY_MORNING);
  const api = await createApiApp({ logger: false });
  await api.init();
  await api.getHttpAdapter().getInstance().ready();
  const worker =
    opts.worker === false
      ? null
      : await NestFactory.createApplicationContext(TriageWorkerHostModule, { logger: false });
  const ds = api.get(DataSource);
  const { id: integrationId } = await createIntegration(ds);
  return {
    env,
    api,
    worker: worker!,
    ds,
    integrationId,
    async close() {
      await worker?.close();
      await api.close();
      await env.cleanup();
      triageClock.set(null);
    },
  };
}

export interface StaffOptions {
  role?: 'reviewer' | 'manager' | 'admin';
  countries?: string[];
  categories?: string[];
  languages?: string[];
  capacity?: number;
  availability?: 'online' | 'away' | 'off';
  timeZone?: string;
  workingHours?: { days: number[]; start: string; end: string };
}

/** A staff user with a reviewer profile and a bearer token (signed directly: no slow password check per test). */
export async function staff(
  h: TriageHarness,
  o: StaffOptions = {},
): Promise<{ id: string; token: string; auth: { authorization: string } }> {
  const role = o.role ?? 'reviewer';
  const u = await createStaffUser(h.ds, {
    role,
    reviewer: {
      countries: o.countries ?? [],
      categories: o.categories ?? [],
      languages: o.languages ?? [],
      capacity: o.capacity ?? 10,
      availability: o.availability ?? 'online',
      timeZone: o.timeZone ?? 'Europe/Tallinn',
    },
  });
  await h.ds.query(`UPDATE reviewers SET working_hours = $2 WHERE id = $1`, [
    u.id,
    JSON.stringify(o.workingHours ?? ALWAYS),
  ]);
  const token = await h.api.get(JwtService).signAsync({ sub: u.id, email: u.email, name: u.email, role });
  return { id: u.id, token, auth: { authorization: `Bearer ${token}` } };
}

export interface ExceptionInput {
  routeKey: string;
  category?: string;
  country?: string;
  amount?: string;
  dueDate?: string;
  enqueue?: boolean;
  invoiceId?: string;
}

/** What the validation step does for one route key: an in-review invoice, an open audited exception, a routing job. */
export async function openException(h: TriageHarness, x: ExceptionInput): Promise<{ id: string; invoiceId: string }> {
  const settings = defaultQueueSettings(x.routeKey, x.category);
  await ensureQueue(h.ds, settings);
  const invoiceId =
    x.invoiceId ??
    (
      await h.ds.query(
        `INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, payable, due_date, buyer_country, canonical, validation_runs)
     VALUES ($1,'api','json','in_review',$2,'EUR',$3,$4,$5,$6,1) RETURNING id`,
        [
          h.integrationId,
          `INV-${Math.random().toString(36).slice(2, 10)}`,
          x.amount ?? '1255.00',
          x.dueDate ?? '2026-12-20',
          x.country ?? 'FI',
          JSON.stringify({
            invoiceNumber: 'X',
            currency: 'EUR',
            totals: { payable: x.amount ?? '1255.00' },
            lines: [{ id: '1', vatRate: '25.5' }],
          }),
        ],
      )
    )[0].id;
  const [e] = await h.ds.query(
    `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, amount, currency, status)
     VALUES ($1,$2,$2,$3,$4,$5,'EUR','open') RETURNING id`,
    [invoiceId, x.routeKey, settings.category, x.country ?? settings.country, x.amount ?? '1255.00'],
  );
  await h.ds.query(
    `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, expected, actual, hint, route_key)
     VALUES ($1,$2,1,'TEST-RULE','blocking',$3,'lines[0].vatRate','VAT rate is not valid on the invoice date','24','25.5','Ask the supplier for a credit note',$4)`,
    [invoiceId, e.id, settings.category, x.routeKey],
  );
  await h.ds.transaction((em) =>
    recordAudit(em, {
      aggregateType: 'exception',
      aggregateId: e.id,
      action: 'opened',
      toState: 'open',
      actor: SYSTEM,
    }),
  );
  if (x.enqueue !== false) {
    await h.api
      .get(JobProducer)
      .add(
        QueueName.ExceptionRoute,
        'route',
        { exceptionId: e.id, reason: 'opened' },
        { jobId: jobIds.route(e.id, 'opened') },
      );
  }
  return { id: e.id, invoiceId };
}

export async function exceptionRow(h: TriageHarness, id: string) {
  const [row] = await h.ds.query(`SELECT * FROM exceptions WHERE id = $1`, [id]);
  return row;
}

export async function post(h: TriageHarness, url: string, who: { auth: Record<string, string> }, payload?: unknown) {
  const res = await h.api.inject({
    method: 'POST',
    url,
    headers: who.auth,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

export async function get(h: TriageHarness, url: string, who: { auth: Record<string, string> }) {
  const res = await h.api.inject({ method: 'GET', url, headers: who.auth });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

/** Resolves when the routing and fill queues have no waiting or active job left (all routing and assignment done). */
export async function routingDrained(h: TriageHarness, timeoutMs = 20000): Promise<void> {
  const producer = h.api.get(JobProducer);
  const queues = [producer.queue(QueueName.ExceptionRoute), producer.queue(QueueName.ReviewerFill)];
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    let pending = 0;
    for (const queue of queues) {
      const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
      pending += c.waiting + c.active + c.prioritized;
    }
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`routing queue not drained after ${timeoutMs} ms`);
}
