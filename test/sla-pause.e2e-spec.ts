import { createHash, randomBytes } from 'node:crypto';
import { createIntegration } from '@app/testing';
import { resumeForNewInvoiceVersions, triageClock } from '@app/triage';
import { SYSTEM } from '@app/persistence';
import { SlaTimerService } from '../apps/worker/src/triage/sla-timer.service';
import {
  bootTriage,
  exceptionRow,
  get,
  openException,
  post,
  routingDrained,
  staff,
  TriageHarness,
} from './triage.fixtures';

/** SLA pauses by the controllable clock: the time waiting for the supplier or the buyer does not count. */
describe('SLA pause and resume (PostgreSQL + Redis, controllable clock)', () => {
  let h: TriageHarness;
  let reviewer: Awaited<ReturnType<typeof staff>>;
  let manager: Awaited<ReturnType<typeof staff>>;
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

  beforeAll(async () => {
    h = await bootTriage('sla-pause');
    manager = await staff(h, { role: 'manager' });
    reviewer = await staff(h, { countries: ['EE'], categories: ['regulatory'] });
    const admin = await staff(h, { role: 'admin' });
    const patched = await h.api.inject({
      method: 'PATCH',
      url: '/v1/queues/vat.EE',
      headers: admin.auth,
      payload: { slaMinutes: 240, warnAtShare: 0.5, calendar: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' } },
    });
    expect(patched.statusCode).toBe(200);
  });
  afterAll(async () => h?.close());

  const held = async () => {
    triageClock.set('2026-11-25T07:00:00Z'); // Wednesday 09:00 in Tallinn
    const x = await openException(h, { routeKey: 'vat.EE', category: 'regulatory', country: 'EE' });
    await routingDrained(h);
    const row = await exceptionRow(h, x.id);
    expect(row.assignee_id).toBe(reviewer.id);
    expect(iso(row.sla_warn_at)).toBe('2026-11-25T09:00:00.000Z'); // 11:00 local
    expect(iso(row.sla_due_at)).toBe('2026-11-25T11:00:00.000Z'); // 13:00 local
    return x;
  };

  it('waits a day for the supplier without breaching, resumes on the supplier’s reply with the minutes that were left', async () => {
    const x = await held();
    triageClock.set('2026-11-25T08:00:00Z'); // 10:00: 3 business hours left, 1 until the warning
    const other = await staff(h, { countries: ['EE'], categories: ['regulatory'], availability: 'off' });
    expect((await post(h, `/v1/exceptions/${x.id}/pause`, other, { waitingFor: 'supplier', reason: 'x' })).status).toBe(
      404,
    );
    const bad = await post(h, `/v1/exceptions/${x.id}/pause`, reviewer, { waitingFor: 'seller' });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.error.details.map((d: { path: string }) => d.path))].sort()).toEqual([
      'reason',
      'waitingFor',
    ]);
    const paused = await post(h, `/v1/exceptions/${x.id}/pause`, reviewer, {
      waitingFor: 'supplier',
      reason: 'Asked the supplier for a credit note',
    });
    expect(paused.status).toBe(200);
    expect(paused.body.sla).toMatchObject({ pausedAt: '2026-11-25T08:00:00.000Z', pausedSeconds: 0 });
    expect(
      (await post(h, `/v1/exceptions/${x.id}/pause`, reviewer, { waitingFor: 'buyer', reason: 'again' })).body.error
        .code,
    ).toBe('SLA_ALREADY_PAUSED');

    // The old warning and due instants pass while paused: nothing fires, the queue shows it paused.
    triageClock.set('2026-11-26T07:59:00Z');
    await h.worker.get(SlaTimerService).fireDue();
    expect(await h.worker.get(SlaTimerService).fire(x.id, 'sla-breach')).toBe('done');
    const waiting = await exceptionRow(h, x.id);
    expect(waiting.sla_warned_at).toBeNull();
    expect(waiting.sla_breached_at).toBeNull();
    const queue = (await get(h, '/v1/queues/vat.EE', manager)).body;
    expect(queue.stats).toMatchObject({ paused: 1, breached: 0, atRisk: 0 });
    const detail = (await get(h, `/v1/exceptions/${x.id}`, reviewer)).body;
    expect(detail.exception.sla.pausedSeconds).toBe(24 * 3600 - 60);

    // Thursday 10:00: the supplier answers through the integration that sent the invoice.
    triageClock.set('2026-11-26T08:00:00Z');
    const stranger = await createIntegration(h.ds, 'another integration');
    const foreign = await h.api.inject({
      method: 'POST',
      url: `/v1/invoices/${x.invoiceId}/supplier-reply`,
      headers: { 'x-api-key': stranger.apiKey },
      payload: {},
    });
    expect(foreign.statusCode).toBe(404);
    const owner = await ownKey(h);
    const reply = await h.api.inject({
      method: 'POST',
      url: `/v1/invoices/${x.invoiceId}/supplier-reply`,
      headers: { 'x-api-key': owner },
      payload: { note: 'Credit note CN-77 sent' },
    });
    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body).resumed).toEqual([x.id]);
    await routingDrained(h); // the resumed item's timers are scheduled again
    const resumed = await exceptionRow(h, x.id);
    expect(resumed.sla_paused_at).toBeNull();
    expect(iso(resumed.sla_warn_at)).toBe('2026-11-26T09:00:00.000Z'); // 11:00 local: the hour that was left
    expect(iso(resumed.sla_due_at)).toBe('2026-11-26T11:00:00.000Z'); // 13:00 local: the three hours that were left
    expect(Number(resumed.sla_paused_seconds)).toBe(24 * 3600);
    const after = (await get(h, `/v1/exceptions/${x.id}`, reviewer)).body;
    expect(after.slaPauses).toEqual([
      expect.objectContaining({
        waitingFor: 'supplier',
        answer: 'supplier_reply',
        businessMinutes: 540, // Wednesday 10:00–17:00 and Thursday 08:00–10:00
        pausedBy: { type: 'staff', id: reviewer.id },
      }),
    ]);
    expect(after.exception.sla.pausedSeconds).toBe(24 * 3600);

    // Resolved at 12:30 local: within the SLA once the day waiting for the supplier is excluded.
    triageClock.set('2026-11-26T10:30:00Z');
    const done = await post(h, `/v1/exceptions/${x.id}/resolve`, reviewer, { decision: 'approve', reason: 'ok' });
    expect(done.status).toBe(200);
    const summary = await get(h, '/v1/metrics/summary?from=2026-11-25&to=2026-11-27', manager);
    expect(summary.body.slaAttainment).toBe(1);
    const audit = await h.ds.query(
      `SELECT action, actor_type FROM audit_events WHERE aggregate_id = $1 AND action IN ('sla_paused','sla_resumed') ORDER BY id`,
      [x.id],
    );
    expect(audit).toEqual([
      { action: 'sla_paused', actor_type: 'staff' },
      { action: 'sla_resumed', actor_type: 'integration' },
    ]);
  });

  it('a decision taken while waiting for the buyer ends the pause and keeps the time paused out of the SLA', async () => {
    const x = await held();
    triageClock.set('2026-11-25T10:00:00Z'); // 12:00: one business hour left
    await post(h, `/v1/exceptions/${x.id}/pause`, reviewer, { waitingFor: 'buyer', reason: 'Asked the buyer' });
    triageClock.set('2026-11-27T10:00:00Z'); // Friday 12:00, two days later
    const done = await post(h, `/v1/exceptions/${x.id}/resolve`, reviewer, {
      decision: 'reject',
      reason: 'buyer said no',
    });
    expect(done.status).toBe(200);
    const row = await exceptionRow(h, x.id);
    expect(row.sla_paused_at).toBeNull();
    expect(iso(row.sla_due_at)).toBe('2026-11-27T11:00:00.000Z'); // 13:00 Friday: the hour left
    expect(new Date(row.resolved_at) <= new Date(row.sla_due_at)).toBe(true);
    const [pause] = await h.ds.query(`SELECT answer FROM exception_sla_pauses WHERE exception_id = $1`, [x.id]);
    expect(pause.answer).toBe('closed');
  });

  it('a manager resumes by hand; a new version of the invoice from the same seller resumes items waiting for the supplier', async () => {
    const a = await held();
    triageClock.set('2026-11-25T08:00:00Z');
    await post(h, `/v1/exceptions/${a.id}/pause`, reviewer, { waitingFor: 'buyer', reason: 'buyer?' });
    expect((await post(h, `/v1/exceptions/${a.id}/resume`, reviewer, { answer: 'nonsense' })).status).toBe(400);
    const byHand = await post(h, `/v1/exceptions/${a.id}/resume`, manager, { answer: 'buyer_reply', note: 'phoned' });
    expect(byHand.status).toBe(200);
    expect(byHand.body.sla.pausedAt).toBeNull();
    expect((await post(h, `/v1/exceptions/${a.id}/resume`, manager, {})).body.error.code).toBe('SLA_NOT_PAUSED');

    const b = await held();
    await h.ds.query(`UPDATE invoices SET seller_vat_id = 'EE100200300', invoice_number = 'INV-42' WHERE id = $1`, [
      b.invoiceId,
    ]);
    triageClock.set('2026-11-25T08:00:00Z');
    await post(h, `/v1/exceptions/${b.id}/pause`, reviewer, { waitingFor: 'supplier', reason: 'wrong VAT' });
    const [n] = await h.ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, seller_vat_id, currency, payable, buyer_country, canonical, validation_runs)
       VALUES ($1,'api','json','received','INV-42','EE100200300','EUR','10.00','EE','{}',1) RETURNING id`,
      [h.integrationId],
    );
    triageClock.set('2026-11-25T14:00:00Z'); // 16:00 the same day: 6 business hours paused
    const resumed = await h.ds.transaction((em) =>
      resumeForNewInvoiceVersions(em, [n.id], SYSTEM, triageClock.now()).then((m) => m.get(n.id) ?? []),
    );
    expect(resumed.map((r) => r.id)).toEqual([b.id]);
    const row = await exceptionRow(h, b.id);
    expect(iso(row.sla_due_at)).toBe('2026-11-26T08:00:00.000Z'); // 1 h today + 2 h Thursday 08:00–10:00 local
    const [pause] = await h.ds.query(`SELECT answer FROM exception_sla_pauses WHERE exception_id = $1`, [b.id]);
    expect(pause.answer).toBe('new_invoice_version');
  });
});

/** A fresh API key for the harness's own integration (the one its invoices belong to). */
async function ownKey(h: TriageHarness): Promise<string> {
  const key = `itk_test_${randomBytes(16).toString('hex')}`;
  await h.ds.query(`UPDATE integrations SET key_hash = $2 WHERE id = $1`, [
    h.integrationId,
    createHash('sha256').update(key).digest('hex'),
  ]);
  return key;
}
