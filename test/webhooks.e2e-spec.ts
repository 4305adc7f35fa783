import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { verifyWebhook, WEBHOOK_EVENT_TYPES } from '@app/domain';
import { recordAudit, SYSTEM } from '@app/persistence';
import { createIntegration, registerSampleSupplier, sampleInvoice, waitFor } from '@app/testing';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { bootTriage, post, staff, TriageHarness } from './triage.fixtures';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Webhooks end to end: a test receiver (a local HTTP server) gets the events of invoices going through the
 * real pipeline, checks every signature, answers 500 to make the worker retry, and the log and re-delivery
 * calls show what happened. Event rows commit with the state change (a rolled-back change has none).
 */
describe('webhooks (PostgreSQL, Redis, worker, a local receiver)', () => {
  let h: TriageHarness;
  let worker: INestApplicationContext;
  let receiver: http.Server;
  let base: string;
  let key: string;
  let otherKey: string;
  const received: Received[] = [];
  /** The receiver answers 500 to the first call of a RETRY- invoice's ready event, and to DOWN- invoices' events while down. */
  const seen = new Set<string>();
  let down = true;
  const saved = { ...process.env };

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        received.push(r);
        if (r.path === '/moved') return res.writeHead(302, { location: '/hook' }).end();
        const event = JSON.parse(r.body);
        const number = String(event.data.invoiceNumber);
        const first = !seen.has(event.id);
        seen.add(event.id);
        const fail =
          (number.startsWith('RETRY-') && event.type === 'invoice.ready' && first) ||
          (number.startsWith('DOWN-') && event.type === 'invoice.validated' && down);
        res.writeHead(fail ? 500 : 200, { 'content-type': 'text/plain' }).end(fail ? 'receiver down' : 'ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    Object.assign(process.env, {
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_DISPATCH_EVERY_MS: '100',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_TIMEOUT_MS: '3000',
    });
    h = await bootTriage('webhooks', { worker: false });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    key = (await createIntegration(h.ds, 'erp')).apiKey;
    otherKey = (await createIntegration(h.ds, 'other')).apiKey;
    await registerSampleSupplier(h.ds);
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await new Promise((r) => receiver?.close(r));
    process.env = saved;
  });

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, apiKey = key) =>
    h.api.inject({ method, url, headers: { 'x-api-key': apiKey }, ...(payload ? { payload } : {}) });
  const intake = async (overrides: Record<string, unknown> = {}) => {
    const res = await api('POST', '/v1/invoices', sampleInvoice(overrides));
    expect(res.statusCode).toBe(202);
    return res.json().id as string;
  };
  const eventsOf = (invoiceId: string) =>
    received.filter((r) => r.path === '/hook' && JSON.parse(r.body).data.invoiceId === invoiceId);
  const deliveriesOf = async (endpointId: string, apiKey = key) =>
    (await api('GET', `/v1/webhooks/endpoints/${endpointId}/deliveries`, undefined, apiKey)).json().items;

  let endpoint: { id: string; secret: string };

  it('registers an endpoint (secret shown once); refuses a bad URL or event type with a stable code', async () => {
    const bad = await api('POST', '/v1/webhooks/endpoints', {
      url: 'ftp://erp.example.com/x',
      events: ['invoice.ready'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'WEBHOOK_URL_REFUSED', details: [{ path: 'url' }] });
    const badType = await api('POST', '/v1/webhooks/endpoints', { url: `${base}/hook`, events: ['invoice.paid'] });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.details[0].path).toMatch(/^events/);
    const res = await api('POST', '/v1/webhooks/endpoints', { url: `${base}/hook`, events: [...WEBHOOK_EVENT_TYPES] });
    expect(res.statusCode).toBe(201);
    endpoint = res.json();
    expect(endpoint.secret).toMatch(/^whsec_/);
    const list = (await api('GET', '/v1/webhooks/endpoints')).json().items;
    expect(list).toEqual([
      expect.objectContaining({ id: endpoint.id, active: true, events: [...WEBHOOK_EVENT_TYPES] }),
    ]);
    expect(list[0].secret).toBeUndefined();
    expect((await api('GET', '/v1/webhooks/endpoints', undefined, otherKey)).json().items).toEqual([]);
    const [audit] = await h.ds.query(`SELECT action, actor_type FROM audit_events WHERE aggregate_id = $1`, [
      endpoint.id,
    ]);
    expect(audit).toEqual({ action: 'created', actor_type: 'integration' });
  });

  it('a touchless invoice: validated and ready, signed; a 500 is retried with backoff and logged', async () => {
    const id = await intake({ invoiceNumber: `RETRY-${Date.now()}` });
    await waitFor(async () => {
      const items = await deliveriesOf(endpoint.id);
      return items.filter((d: { status: string }) => d.status === 'delivered').length >= 2;
    }, 20_000);
    const calls = eventsOf(id);
    for (const c of calls)
      expect(verifyWebhook(endpoint.secret, c.body, c.headers['webhook-signature'] as string)).toBe(true);
    expect(new Set(calls.map((c) => JSON.parse(c.body).type))).toEqual(new Set(['invoice.validated', 'invoice.ready']));
    const ready = JSON.parse(calls.find((c) => c.headers['webhook-event'] === 'invoice.ready')!.body);
    expect(ready.data).toMatchObject({ invoiceId: id, status: 'ready', previousStatus: 'validating' });
    const log = (await deliveriesOf(endpoint.id)).find((d: { eventId: string }) => d.eventId === ready.id);
    expect(log).toMatchObject({ status: 'delivered', eventType: 'invoice.ready', lastStatusCode: 200 });
    expect(log.attempts).toBe(2);
    expect(log.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);
    expect(log.log[0]).toMatchObject({ attempt: 1, error: 'HTTP 500: receiver down' });
    expect(log.log[1]).toMatchObject({ attempt: 2, error: null, latencyMs: expect.any(Number) });
  });

  it('a review: in review, then the resolved exception and the rejected invoice, with the decision', async () => {
    const id = await intake({ seller: { ...sampleInvoice().seller, iban: 'FI4950009420028730' } });
    const [e] = await waitFor(async () => {
      const rows = await h.ds.query(`SELECT id FROM exceptions WHERE invoice_id = $1 AND status = 'open'`, [id]);
      return rows.length ? rows : null;
    }, 20_000);
    const reviewer = await staff(h, { categories: ['supplier'], countries: ['FI'], availability: 'off' });
    expect((await post(h, `/v1/exceptions/${e.id}/claim`, reviewer)).status).toBe(200);
    expect(
      (await post(h, `/v1/exceptions/${e.id}/resolve`, reviewer, { decision: 'reject', reason: 'unknown account' }))
        .status,
    ).toBe(200);
    await waitFor(async () => eventsOf(id).length >= 4, 20_000);
    const types = eventsOf(id).map((c) => JSON.parse(c.body));
    expect(types.map((t) => t.type).sort()).toEqual(
      ['exception.resolved', 'invoice.in_review', 'invoice.rejected', 'invoice.validated'].sort(),
    );
    expect(types.find((t) => t.type === 'exception.resolved').data).toMatchObject({
      exceptionId: e.id,
      decision: 'reject',
    });
    for (const c of eventsOf(id))
      expect(verifyWebhook(endpoint.secret, c.body, c.headers['webhook-signature'] as string)).toBe(true);
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS; the integration and an admin re-deliver; others cannot', async () => {
    const id = await intake({ invoiceNumber: `DOWN-${Date.now()}` });
    const [ev] = await waitFor(async () => {
      const rows = await h.ds.query(
        `SELECT event_id FROM webhook_events WHERE invoice_id = $1 AND event_type = 'invoice.validated'`,
        [id],
      );
      return rows.length ? rows : null;
    }, 20_000);
    const failed = await waitFor(async () => {
      const d = (await deliveriesOf(endpoint.id)).find((x: { eventId: string }) => x.eventId === ev.event_id);
      return d?.status === 'failed' ? d : null;
    }, 20_000);
    expect(failed.attempts).toBe(3);
    expect(failed.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 500]);
    expect((await api('POST', `/v1/webhooks/deliveries/${failed.id}/redeliver`, undefined, otherKey)).statusCode).toBe(
      404,
    );
    down = false;
    const again = await api('POST', `/v1/webhooks/deliveries/${failed.id}/redeliver`);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ id: failed.id, status: 'pending', series: 1 });
    await waitFor(async () => {
      const d = (await deliveriesOf(endpoint.id)).find((x: { id: string }) => x.id === failed.id);
      return d?.status === 'delivered';
    }, 20_000);
    const admin = await staff(h, { role: 'admin' });
    const byAdmin = await post(h, `/v1/admin/webhooks/deliveries/${failed.id}/redeliver`, admin);
    expect(byAdmin.status).toBe(202);
    await waitFor(async () => {
      const d = (await deliveriesOf(endpoint.id)).find((x: { id: string }) => x.id === failed.id);
      return d?.log.some((a: { series: number; statusCode: number }) => a.series === 2 && a.statusCode === 200);
    }, 20_000);
    const calls = received.filter((r) => r.headers['webhook-id'] === ev.event_id);
    expect(calls.length).toBe(5); // 3 failed + 2 re-deliveries, the same body each time
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    const audit = await h.ds.query(
      `SELECT actor_type FROM audit_events WHERE action = 'delivery_restarted' AND data->>'deliveryId' = $1 ORDER BY id`,
      [failed.id],
    );
    expect(audit.map((a: { actor_type: string }) => a.actor_type)).toEqual(['integration', 'staff']);
  });

  it('follows no redirect: a 302 is a failed attempt and the new location is never called', async () => {
    const moved = (
      await api('POST', '/v1/webhooks/endpoints', { url: `${base}/moved`, events: ['invoice.ready'] })
    ).json();
    const id = await intake();
    const d = await waitFor(async () => {
      const items = await deliveriesOf(moved.id);
      return items[0]?.status === 'failed' ? items[0] : null;
    }, 20_000);
    expect(d.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([302, 302, 302]);
    expect(
      received.filter(
        (r) =>
          r.path === '/hook' && JSON.parse(r.body).data.invoiceId === id && JSON.parse(r.body).type === 'invoice.ready',
      ).length,
    ).toBe(1); // only the real endpoint's own delivery
    expect((await api('DELETE', `/v1/webhooks/endpoints/${moved.id}`)).json().active).toBe(false);
  });

  it('an event row commits with its state change: a rolled-back change leaves none', async () => {
    const id = await intake();
    await waitFor(
      async () => (await h.ds.query(`SELECT 1 FROM invoices WHERE id = $1 AND status = 'ready'`, [id])).length,
      20_000,
    );
    const before = await h.ds.query(`SELECT count(*)::int AS n FROM webhook_events`);
    await expect(
      h.ds.transaction(async (em) => {
        await recordAudit(em, {
          aggregateType: 'invoice',
          aggregateId: id,
          action: 'test',
          fromState: 'in_review',
          toState: 'rejected',
          actor: SYSTEM,
        });
        expect((await em.query(`SELECT count(*)::int AS n FROM webhook_events`))[0].n).toBeGreaterThan(before[0].n);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await h.ds.query(`SELECT count(*)::int AS n FROM webhook_events`)).toEqual(before);
  });
});
