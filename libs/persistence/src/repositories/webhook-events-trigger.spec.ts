import { createIntegration, insertException, insertInvoice } from '@app/testing';
import { openTestDatabase, TestDatabase } from '../testing';

/**
 * Webhook events are written by a trigger on audit_events, in the transaction of the state change they
 * report. The trigger runs once per audit statement (a transition table) rather than once per audit row:
 * checked here by what it writes for a statement that mixes invoice and exception audit rows, and by how
 * often it is called for a group's verdicts.
 */
describe('webhook events from audit statements (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('webhook_trigger');
  });
  afterAll(() => db.close());

  const endpoint = (integrationId: string, types: string[], active = true) =>
    db.ds.query(
      `INSERT INTO webhook_endpoints (integration_id, url, event_types, secret, active) VALUES ($1, 'http://127.0.0.1:9/hook', $2, 's', $3)`,
      [integrationId, types, active],
    );

  /** Audit rows in one statement, in the order given; their ids. */
  async function audit(
    rows: { type: string; id: string; action: string; from: string | null; to: string; data?: object }[],
  ): Promise<string[]> {
    const out = await db.ds.query(
      `INSERT INTO audit_events (aggregate_type, aggregate_id, action, from_state, to_state, actor_type, actor_id, data)
       SELECT t, a, x, f, s, 'system', 'system', d FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
         WITH ORDINALITY AS u(t, a, x, f, s, d, k) ORDER BY k RETURNING id::text`,
      [
        rows.map((r) => r.type),
        rows.map((r) => r.id),
        rows.map((r) => r.action),
        rows.map((r) => r.from),
        rows.map((r) => r.to),
        rows.map((r) => JSON.stringify(r.data ?? {})),
      ],
    );
    return out.map((r: { id: string }) => r.id);
  }

  it('writes the events the endpoints want, for invoice and exception audit rows of one statement, in their order', async () => {
    const a = (await createIntegration(db.ds, 'erp a')).id;
    const b = (await createIntegration(db.ds, 'erp b')).id;
    await endpoint(a, ['invoice.validated', 'invoice.ready', 'invoice.in_review', 'exception.resolved']);
    await endpoint(b, ['invoice.validated', 'invoice.ready'], false); // inactive: nothing for b
    const a1 = await insertInvoice(db.ds, { integration_id: a, status: 'ready', invoice_number: 'A-1' });
    const a2 = await insertInvoice(db.ds, { integration_id: a, status: 'in_review', invoice_number: 'A-2' });
    const b1 = await insertInvoice(db.ds, { integration_id: b, status: 'ready', invoice_number: 'B-1' });
    const ex = await insertException(db.ds, { invoice_id: a2.id, status: 'resolved' });
    const ids = await audit([
      { type: 'invoice', id: a1.id, action: 'received', from: null, to: 'received' },
      { type: 'invoice', id: a1.id, action: 'validated_touchless', from: 'validating', to: 'ready' },
      { type: 'invoice', id: b1.id, action: 'validated_touchless', from: 'validating', to: 'ready' },
      {
        type: 'exception',
        id: ex.id,
        action: 'resolved',
        from: 'assigned',
        to: 'resolved',
        data: { decision: 'approve' },
      },
      { type: 'invoice', id: a2.id, action: 'validated_with_exceptions', from: 'validating', to: 'in_review' },
      { type: 'invoice', id: a1.id, action: 'noted', from: 'ready', to: 'ready' },
    ]);
    const events = await db.ds.query(
      `SELECT event_type, invoice_id::text, audit_event_id::text, payload FROM webhook_events WHERE integration_id = ANY($1::uuid[]) ORDER BY id`,
      [[a, b]],
    );
    expect(events.map((e: { event_type: string; audit_event_id: string }) => [e.audit_event_id, e.event_type])).toEqual(
      [
        [ids[1], 'invoice.validated'],
        [ids[1], 'invoice.ready'],
        [ids[3], 'exception.resolved'],
        [ids[4], 'invoice.validated'],
        [ids[4], 'invoice.in_review'],
      ],
    );
    expect(events[1].payload).toEqual({
      invoiceId: a1.id,
      invoiceNumber: 'A-1',
      status: 'ready',
      previousStatus: 'validating',
      action: 'validated_touchless',
      actor: 'system',
    });
    expect(events[2].payload).toEqual({
      invoiceId: a2.id,
      invoiceNumber: 'A-2',
      status: 'in_review',
      exceptionId: ex.id,
      decision: 'approve',
      action: 'resolved',
      actor: 'system',
    });
  });

  it('runs once for a group of verdicts, not once per audit row', async () => {
    const integration = (await createIntegration(db.ds, 'erp c')).id;
    const invoices = [];
    for (let i = 0; i < 50; i++)
      invoices.push((await insertInvoice(db.ds, { integration_id: integration, status: 'ready' })).id);
    const [{ 'QUERY PLAN': explained }] = await db.ds.query(
      `EXPLAIN (ANALYZE, FORMAT JSON)
         INSERT INTO audit_events (aggregate_type, aggregate_id, action, from_state, to_state, actor_type, actor_id)
         SELECT 'invoice', id, 'validated_touchless', 'validating', 'ready', 'system', 'system' FROM unnest($1::uuid[]) AS id`,
      [invoices],
    );
    const plan = explained[0];
    const trigger = (plan.Triggers as { 'Trigger Name': string; Calls: number }[]).find(
      (t) => t['Trigger Name'] === 'audit_events_webhooks',
    );
    expect(trigger?.Calls).toBe(1);
  });
});
